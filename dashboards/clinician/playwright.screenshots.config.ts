import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './playwright.config';

/**
 * Screenshots of the built dashboard under `vite preview`, with the hub mocked in the browser
 * (HTTP routes and the SignalR WebSocket): `npm run build && npm run screenshots`.
 * Files land in screenshots/out/ (git-ignored).
 */
const port = Number(process.env.PREVIEW_PORT ?? 4173);

export default defineConfig({
  testDir: 'screenshots',
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions: { ...chromiumLaunch, args: [...chromiumLaunch.args, '--autoplay-policy=no-user-gesture-required'] },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: true,
    timeout: 30_000,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
