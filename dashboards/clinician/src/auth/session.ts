import { computed, signal } from '@preact/signals';
import { getMe, login as apiLogin } from '../api/endpoints';
import type { Me } from '../api/types';
import { loginRouteFor } from '../logic/route';
import { toMillis } from '../logic/time';
import { navigate, route } from '../state/router';

// The bearer token lives in sessionStorage: it survives a reload of the tab but not closing it,
// and is never shared with other tabs or written to disk by the dashboard.
const TOKEN_KEY = 'rpm.token';
const EXPIRES_KEY = 'rpm.expiresAt';

export type LoginNotice = 'sessionExpired' | 'loggedOut' | null;

export const token = signal<string | null>(null);
export const expiresAt = signal<number | null>(null);
export const me = signal<Me | null>(null);
export const loginNotice = signal<LoginNotice>(null);
export const signedIn = computed(() => token.value !== null);

let expiryTimer: ReturnType<typeof setTimeout> | undefined;

export function getToken(): string | null {
  if (token.value && expiresAt.value !== null && Date.now() >= expiresAt.value) {
    expireSession();
    return null;
  }
  return token.value;
}

function armExpiry(): void {
  clearTimeout(expiryTimer);
  if (expiresAt.value === null) return;
  // setTimeout overflows past ~24.8 days; tokens live hours.
  const wait = Math.min(expiresAt.value - Date.now(), 2 ** 31 - 1);
  expiryTimer = setTimeout(expireSession, Math.max(0, wait));
}

export function restoreSession(): void {
  try {
    const stored = sessionStorage.getItem(TOKEN_KEY);
    const exp = toMillis(sessionStorage.getItem(EXPIRES_KEY) ?? '');
    if (stored && !Number.isNaN(exp) && exp > Date.now()) {
      token.value = stored;
      expiresAt.value = exp;
      armExpiry();
    } else {
      clearStored();
    }
  } catch {
    // storage unavailable: sign in again
  }
}

function clearStored(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(EXPIRES_KEY);
  } catch {
    // ignore
  }
}

export async function signIn(username: string, password: string): Promise<void> {
  const answer = await apiLogin(username, password);
  token.value = answer.token;
  expiresAt.value = toMillis(answer.expiresAt);
  try {
    sessionStorage.setItem(TOKEN_KEY, answer.token);
    sessionStorage.setItem(EXPIRES_KEY, answer.expiresAt);
  } catch {
    // keep it in memory only
  }
  armExpiry();
  loginNotice.value = null;
  await loadMe();
}

export async function loadMe(): Promise<void> {
  me.value = await getMe();
}

function endSession(notice: LoginNotice): void {
  clearTimeout(expiryTimer);
  token.value = null;
  expiresAt.value = null;
  me.value = null;
  clearStored();
  loginNotice.value = notice;
}

/** Expired token or a 401: back to login, remembering where the user was so login returns there. */
export function expireSession(): void {
  if (token.value === null && route.value.name === 'login') return;
  endSession('sessionExpired');
  navigate(loginRouteFor(route.value), true);
}

export function signOut(): void {
  endSession('loggedOut');
  navigate({ name: 'login' });
}
