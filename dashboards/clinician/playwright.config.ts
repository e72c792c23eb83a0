import { defineConfig } from '@playwright/test';

/**
 * Browser tests against a running hub (HUB_URL, default http://127.0.0.1:8080), which serves the
 * built dashboard. Debian's Chromium (apt-get install -y chromium): never `playwright install`,
 * its downloads fail here.
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

export default defineConfig({
  testDir: 'e2e',
  timeout: 30_000,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.HUB_URL ?? 'http://127.0.0.1:8080',
    headless: true,
    launchOptions: chromiumLaunch,
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
