import { expect, signIn, test, WITHIN } from './fixtures';

test('the hub serves the dashboard and a nurse logs in to her clinic wall', async ({ page, hub }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  expect(response?.headers()['cache-control']).toContain('no-cache');
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();

  // Wrong password: an error in words, still on the login page.
  await page.getByLabel('用户名').fill(hub.users.nurseA1.username);
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('用户名或密码错误。')).toBeVisible({ timeout: WITHIN });

  await signIn(page, hub.users.nurseA1);
  await expect(page).toHaveTitle(/告警墙/);
  // The wall shows tiles for the clinic's monitored patients only (GET /api/patients?monitored=true).
  const tile = (id: string) => page.locator(`.tile[data-patient-id="${id}"]`);
  for (const p of Object.values(hub.patients)) {
    if (p.clinicId === hub.clinics.a.id) await expect(tile(p.id)).toHaveCount(1, { timeout: WITHIN });
    else await expect(tile(p.id)).toHaveCount(0);
  }
  await expect(tile(hub.unmonitored.id)).toHaveCount(0);

  // A deep link to a client route is answered with the dashboard too.
  const deep = await page.goto('/some/client/route');
  expect(deep?.status()).toBe(200);
});
