import { defineConfig } from '@playwright/test';
import { resolve } from 'node:path';

/**
 * Browser tests against the REAL hub: e2e/global-setup.ts starts the built hub
 * (src/Monitoring.Hub/bin/Release) on the running service stack (scripts/services.sh) with fresh
 * databases, and creates clinics, nurses, patients and devices through its API; the tests publish
 * device readings over MQTT. Needs `npm run build` and the Release build of the hub first
 * (scripts/test.sh does both). Debian's Chromium (apt-get install -y chromium): never
 * `playwright install`, its downloads fail here.
 */
export const chromiumLaunch = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

const artifacts = resolve(import.meta.dirname, '../../artifacts/e2e');

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  // One hub for the run, stopped and started by one test: one worker, files in order.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  // Generous: a 2-core machine shared with other work. Conditions are waited for, never timed.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  outputDir: resolve(artifacts, 'test-results'),
  reporter: [['list'], ['json', { outputFile: process.env.E2E_JSON_REPORT ?? resolve(artifacts, 'results.json') }]],
  use: {
    headless: true,
    launchOptions: { ...chromiumLaunch, args: [...chromiumLaunch.args, '--autoplay-policy=no-user-gesture-required'] },
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
