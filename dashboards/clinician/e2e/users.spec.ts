import { apiAs, expect, newScreen, screenshotPath, signIn, test, WITHIN } from './fixtures';

/** A nurse of clinic A made for this test alone (the seeded ones serve the other tests). */
async function freshNurse(hub: Parameters<typeof apiAs>[0]) {
  const admin = await apiAs(hub, hub.admin);
  const account = { username: `nurse-users-${Date.now().toString(36)}`, password: 'nurse-users-password' };
  const created = await admin.post<{ id: string }>('/api/users', { ...account, role: 'nurse', clinicId: hub.clinics.a.id });
  return { ...account, id: created.id };
}

test('an administrator disables a nurse on the users page; her open wall is signed out with the reason', async ({ page, browser, hub }) => {
  const nurse = await freshNurse(hub);
  const wall = await newScreen(browser, hub);
  await signIn(wall, nurse);

  await signIn(page, hub.admin);
  await page.getByRole('link', { name: '账户' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '账户管理' })).toBeVisible({ timeout: WITHIN });
  const row = page.locator(`tr[data-user="${nurse.username}"]`);
  await expect(row).toContainText('正常', { timeout: WITHIN });
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: '停用' }).click();
  await expect(row).toContainText('已停用', { timeout: WITHIN });

  // The nurse's wall: the hub closed its connection and said why; the login page shows it.
  await expect(wall.locator('[data-session-ended="disabled"]')).toBeVisible({ timeout: WITHIN });
  await expect(wall.getByText('您的账户已被管理员停用，登录已结束。')).toBeVisible();
  await expect(wall.getByRole('heading', { name: '登录' })).toBeVisible();
  await wall.screenshot({ path: screenshotPath('users-wall-signed-out.png') });
  await page.screenshot({ path: screenshotPath('users-page.png'), fullPage: true });

  // She cannot sign in again until enabled.
  await wall.getByLabel('用户名').fill(nurse.username);
  await wall.getByLabel('密码').fill(nurse.password);
  await wall.getByRole('button', { name: '登录' }).click();
  await expect(wall.getByText('该账户已停用，请联系管理员。')).toBeVisible({ timeout: WITHIN });

  await row.getByRole('button', { name: '启用' }).click();
  await expect(row).toContainText('正常', { timeout: WITHIN });
  await signIn(wall, nurse);
  await wall.context().close();
});

test('a reset password must be changed at the next sign-in, and sign-out really ends the session', async ({ page, hub }) => {
  const nurse = await freshNurse(hub);
  const admin = await apiAs(hub, hub.admin);
  const reset = await admin.post<{ temporaryPassword: string }>(`/api/users/${nurse.id}/reset-password`, { temporaryPassword: 'temporary-pass-42' });
  expect(reset.temporaryPassword).toBe('temporary-pass-42');

  await page.goto('/');
  await page.getByLabel('用户名').fill(nurse.username);
  await page.getByLabel('密码').fill('temporary-pass-42');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: '请设置新密码' })).toBeVisible({ timeout: WITHIN });
  await page.getByLabel('当前密码').fill('temporary-pass-42');
  await page.getByLabel('新密码', { exact: true }).fill('my-own-new-password');
  await page.getByLabel('再次输入新密码').fill('my-own-new-password');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /告警/ })).toBeVisible({ timeout: WITHIN });
  await expect(page.locator('[data-connection="connected"]')).toBeVisible({ timeout: WITHIN });

  const token = await page.evaluate(() => sessionStorage.getItem('rpm.token'));
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible({ timeout: WITHIN });
  // The token the tab held no longer works anywhere: the hub revoked the session.
  const me = await fetch(`${hub.hubUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(me.status).toBe(401);
  expect(((await me.json()) as { reason?: string }).reason).toBe('signed_out');
});
