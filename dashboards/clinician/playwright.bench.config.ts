import { defineConfig } from '@playwright/test';
import config from './playwright.config';

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
});
