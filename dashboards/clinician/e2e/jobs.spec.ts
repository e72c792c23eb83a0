import { expect, newScreen, screenshotPath, signIn, test, WITHIN } from './fixtures';

test('an administrator opens the job dashboard from the nav in a new tab; a nurse has no such link and /hangfire refuses her', async ({ page, browser, hub }) => {
  await signIn(page, hub.admin);
  const link = page.getByRole('link', { name: '后台任务' });
  await expect(link).toBeVisible({ timeout: WITHIN });
  const [jobs] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  await jobs.waitForURL('**/hangfire', { timeout: WITHIN });
  // Hangfire's own page, opened through the hub's authentication (the cookie), listing the sweeps.
  await expect(jobs.getByText('Monitoring hub · jobs').first()).toBeVisible({ timeout: WITHIN });
  await jobs.goto('/hangfire/recurring');
  await expect(jobs.getByText('followup-overdue')).toBeVisible({ timeout: WITHIN });
  await expect(jobs.getByText('daily-report')).toBeVisible();
  await jobs.screenshot({ path: screenshotPath('jobs-dashboard.png') });
  await jobs.close();

  const nurseScreen = await newScreen(browser, hub);
  await signIn(nurseScreen, hub.users.nurseA1);
  await expect(nurseScreen.getByRole('link', { name: '患者', exact: true })).toBeVisible({ timeout: WITHIN });
  await expect(nurseScreen.getByRole('link', { name: '后台任务' })).toHaveCount(0);
  const refused = await nurseScreen.goto('/hangfire');
  expect(refused?.status()).toBe(401);
  await nurseScreen.context().close();
});
