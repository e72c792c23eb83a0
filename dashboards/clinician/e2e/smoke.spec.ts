import { expect, test } from '@playwright/test';

// Smoke test: the hub serves the dashboard and the login page comes up in Chinese. Skipped when
// no hub answers at HUB_URL (the real browser tests, with a running stack, come later).
test('the hub serves the login page', async ({ page, baseURL, request }) => {
  const live = await request.get('/health/live', { timeout: 3000 }).catch(() => null);
  test.skip(!live || !live.ok(), `no hub answering at ${baseURL}`);

  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  expect(response?.headers()['cache-control']).toContain('no-cache');
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await expect(page.getByLabel('用户名')).toBeVisible();
  await expect(page.getByLabel('密码')).toBeVisible();

  // A client route deep link falls back to index.html too.
  const deep = await page.goto('/some/client/route');
  expect(deep?.status()).toBe(200);
});
