import { computed, signal } from '@preact/signals';
import { en } from './en';
import type { Lang, Messages } from './messages';
import { LANGS } from './messages';
import { zhCN } from './zh-CN';

export type { Lang, Messages } from './messages';

export const MESSAGES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };
export const DEFAULT_LANG: Lang = 'zh-CN';
export const LANG_STORAGE_KEY = 'rpm.lang';

/** The stored choice, or zh-CN: the users are Chinese clinics, English is the switch. */
export function readLang(storage: Pick<Storage, 'getItem'> | undefined): Lang {
  try {
    const stored = storage?.getItem(LANG_STORAGE_KEY);
    return LANGS.find((l) => l === stored) ?? DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export const lang = signal<Lang>(readLang(browserStorage()));
export const messages = computed<Messages>(() => MESSAGES[lang.value]);

/** The current language's messages; reading it in a component re-renders that component on a switch. */
export function useT(): Messages {
  return messages.value;
}

export function setLang(next: Lang): void {
  lang.value = next;
  try {
    browserStorage()?.setItem(LANG_STORAGE_KEY, next);
  } catch {
    // Private mode or full storage: the switch still applies to this page.
  }
  if (typeof document !== 'undefined') {
    document.documentElement.lang = next;
  }
}
