import type { Browser, Page } from '@playwright/test';
import { test as base, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Api } from './support/api';
import { ARTIFACTS } from './support/paths';
import type { Account, E2EState } from './support/state';
import { readState } from './support/state';

export { expect };

/** Generous: a 2-core machine shared with other builds. Never a latency bound, only "within N s". */
export const WITHIN = 30_000;

/** Tests get the run's state; pages open on the hub global setup started. */
export const test = base.extend<{ hub: E2EState }>({
  // eslint-disable-next-line no-empty-pattern
  hub: async ({}, use) => {
    await use(readState());
  },
  baseURL: async ({ hub }, use) => {
    await use(hub.hubUrl);
  },
});

/** A second (third...) browser of its own: another nurse's screen. */
export async function newScreen(browser: Browser, hub: E2EState): Promise<Page> {
  const context = await browser.newContext({
    baseURL: hub.hubUrl,
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return context.newPage();
}

/** Logs in through the login page and waits for the wall with its live connection. */
export async function signIn(page: Page, account: Account): Promise<void> {
  await page.goto('/');
  await page.getByLabel('用户名').fill(account.username);
  await page.getByLabel('密码').fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /告警/ })).toBeVisible({ timeout: WITHIN });
  await expect(page.locator('[data-connection="connected"]')).toBeVisible({ timeout: WITHIN });
}

export const apiAs = (hub: E2EState, account: Account) => Api.login(hub.hubUrl, account);

/** The alarm row of one patient on a wall (open alarms only are on the wall). */
export const alarmRow = (page: Page, patientId: string, kind = 'spo2_low') =>
  page.locator(`li.alarm[data-patient-id="${patientId}"][data-kind="${kind}"]`);

export function screenshotPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
