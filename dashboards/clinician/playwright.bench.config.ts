import { defineConfig } from '@playwright/test';
import config, { chromiumLaunch } from './playwright.config';

/**
 * The dashboard benchmark (scripts/bench-dashboard.sh, issue 19): the browser tests' global setup
 * (a real hub, the 5,000-patient city clinic seeded in PostgreSQL) with every monitored patient
 * wearing a device, and bench/dashboard.bench.ts, which prints timings instead of asserting them.
 */
export default defineConfig({
  ...config,
  testDir: 'bench',
  testMatch: /.*\.bench\.ts/,
  timeout: 900_000,
  reporter: [['list']],
  // No trace: its DOM snapshots would run on the page's main thread and be measured with it.
  // Nor the tests' autoplay switch: with it, headless Chromium on a server without a sound device
  // spends seconds opening an audio output for the wall's alarm tone on every load (a nurse's PC
  // has one); the tone itself is the browser tests' business.
  use: { ...config.use, trace: 'off', screenshot: 'off', video: 'off', launchOptions: chromiumLaunch },
});
