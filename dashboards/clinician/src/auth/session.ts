import { computed, signal } from '@preact/signals';
import { ApiError } from '../api/client';
import { getMe, login as apiLogin, logout as apiLogout } from '../api/endpoints';
import type { LoginResponse, Me, Problem, SessionEndReason } from '../api/types';
import { SESSION_END_REASONS } from '../api/types';
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
/** Why the last session ended before its expiry (the hub said so): shown on the login page. */
export const sessionEndReason = signal<SessionEndReason | null>(null);
/** After a password reset the token serves only changing the password: the app asks for one first. */
export const mustChangePassword = signal(false);
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

function storeSession(answer: LoginResponse): void {
  token.value = answer.token;
  expiresAt.value = toMillis(answer.expiresAt);
  mustChangePassword.value = answer.mustChangePassword === true;
  try {
    sessionStorage.setItem(TOKEN_KEY, answer.token);
    sessionStorage.setItem(EXPIRES_KEY, answer.expiresAt);
  } catch {
    // keep it in memory only
  }
  armExpiry();
}

export async function signIn(username: string, password: string): Promise<void> {
  const answer = await apiLogin(username, password);
  storeSession(answer);
  loginNotice.value = null;
  sessionEndReason.value = null;
  await loadMe();
}

/** A password change answers a new token (every older one, this tab's included, is revoked). */
export function replaceSession(answer: LoginResponse): void {
  storeSession(answer);
}

export async function loadMe(): Promise<void> {
  const who = await getMe();
  me.value = who;
  mustChangePassword.value = who.mustChangePassword === true;
}

function endSession(notice: LoginNotice, reason: SessionEndReason | null = null): void {
  clearTimeout(expiryTimer);
  sessionEndReason.value = reason;
  mustChangePassword.value = false;
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

/** The hub ended the session (disabled, password reset, signed out elsewhere...): login says why. */
export function sessionEnded(reason: SessionEndReason): void {
  if (token.value === null) return;
  endSession('sessionExpired', reason);
  navigate(loginRouteFor(route.value), true);
}

export function reasonOf(code: string | undefined): SessionEndReason | null {
  return SESSION_END_REASONS.find((r) => r === code) ?? null;
}

/** Any 401 of the API: a session the hub ended (the problem names why) or one that expired. */
export function onUnauthorized(problem?: Problem): void {
  const reason = reasonOf(problem?.reason);
  if (reason) sessionEnded(reason);
  else expireSession();
}

/**
 * The wall's connection was refused (401): ask the API why, so the login page can say it
 * (the SignalR client does not show the 401's body); a 401 there ends the session with its reason.
 */
export async function checkSession(): Promise<void> {
  try {
    await getMe();
  } catch {
    return;
  }
  expireSession();
}

/**
 * The wall heard `sessionEnded`. The session may be an older one of this tab (after this tab
 * changed its password it holds a new token): ask the API with the current token. A 401 ends the
 * session with the hub's reason; an answer means this tab is still signed in (the wall reconnects).
 */
export async function confirmSessionEnded(reason: SessionEndReason): Promise<void> {
  try {
    await getMe();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) sessionEnded(reason);
  }
}

/** Signs out for real: the hub revokes the session (or all of them), then the tab forgets it. */
export async function signOut(all = false): Promise<void> {
  const current = token.value;
  if (current) {
    try {
      await apiLogout(current, all);
    } catch {
      // Offline: the token is forgotten here anyway and expires on its own.
    }
  }
  endSession('loggedOut');
  navigate({ name: 'login' });
}
