import { alarmRow, apiAs, expect, newScreen, screenshotPath, signIn, test, WITHIN } from './fixtures';
import { desaturation, publishTelemetry } from './support/devices';

// Issue 18: a desaturation alarm leads to a referral (the suggested level first, 003 二(二)2), tracked
// step by step to admission, which ends home treatment; the clinic's daily status then shows it. A
// colleague's wall, left open, shows the referral's state on the alarm as it changes, without a reload.

test('an alarm becomes a referral tracked to admission, and the daily status shows it', async ({ page, hub, browser }) => {
  const patient = hub.patients.referral;
  await signIn(page, hub.users.nurseA1);
  const wall = await newScreen(browser, hub);
  await signIn(wall, hub.users.nurseA2);
  await publishTelemetry(hub, patient, desaturation());
  await expect(alarmRow(page, patient.id)).toBeVisible({ timeout: WITHIN });
  await expect(alarmRow(wall, patient.id)).toBeVisible({ timeout: WITHIN });
  await expect(wall.locator(`li.agroup[data-patient-id="${patient.id}"] a.agroup-refer`)).toHaveText('转诊');
  // The referral will show on the SpO2 alarm's own line.
  const onWall = alarmRow(wall, patient.id).locator('a.mark-referral');
  await expect(onWall).toHaveCount(0);

  // From the alarm on the wall to the patient's referral panel (the link is the patient row's).
  await page.locator(`li.agroup[data-patient-id="${patient.id}"]`).getByRole('link', { name: `为${patient.name}发起转诊` }).click();
  const panel = page.locator('section[aria-labelledby="referral-heading"]');
  await expect(panel.getByRole('heading', { name: '转诊' })).toBeVisible({ timeout: WITHIN });
  // The open SpO2 alarm is the trigger: SpO2 < 93 % suggests a designated hospital (003 二(二)2(3)).
  await expect(panel.locator('[data-suggested-level="designated"]')).toBeVisible({ timeout: WITHIN });
  await expect(panel).toContainText('建议转诊级别：定点医院、三级综合医院');
  await expect(panel.getByLabel('转诊级别')).toHaveValue('designated');

  await panel.getByRole('button', { name: '发起转诊' }).click();
  await expect(panel.getByText('请填写转诊原因。')).toBeVisible();
  await panel.getByLabel('转诊原因（必填）').fill('静息血氧饱和度低于93%');
  await panel.getByLabel('接收医院（必填）').fill('市第一人民医院');
  await panel.getByLabel('转运方式').selectOption('self');
  await panel.getByRole('button', { name: '发起转诊' }).click();
  await expect(panel.locator('[data-referral-state="requested"]')).toBeVisible({ timeout: WITHIN });
  await expect(panel).toContainText(hub.users.nurseA1.username);
  // Started from the open SpO2 alarm: the colleague's wall shows it on that alarm's row, live.
  await expect(onWall).toHaveText('转诊·已申请', { timeout: WITHIN });
  await expect(onWall).toHaveAttribute('data-referral-state', 'requested');

  for (const [label, state] of [['已出发', 'departed'], ['已到达医院', 'arrived'], ['已入院', 'admitted']] as const) {
    await panel.getByRole('button', { name: `标记为${label}` }).click();
    if (state === 'admitted') continue;
    await expect(panel.locator(`[data-referral-state="${state}"]`)).toBeVisible({ timeout: WITHIN });
    await expect(onWall).toHaveAttribute('data-referral-state', state, { timeout: WITHIN });
    await expect(onWall).toHaveText(`转诊·${label}`);
    if (state === 'departed') await wall.screenshot({ path: screenshotPath('referral-on-wall.png') });
  }

  // Admitted: the referral is closed and home treatment ended with reason "referred".
  await expect(panel.locator('li[data-referral-state="admitted"]')).toBeVisible({ timeout: WITHIN });
  const api = await apiAs(hub, hub.users.nurseA1);
  const episodes = await api.get<{ endedAt?: string | null; endReason?: string | null }[]>(`/api/patients/${patient.id}/episodes`);
  expect(episodes[0]).toMatchObject({ endReason: 'referred' });
  await expect(page.locator('section[aria-labelledby="episode-heading"]')).toContainText('开始居家治疗', { timeout: WITHIN });
  await page.screenshot({ path: screenshotPath('referral.png'), fullPage: true });

  // The printable summary (Chinese, one page).
  await panel.locator('li[data-referral-state="admitted"]').getByRole('link', { name: '打印转诊摘要' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '转诊交接摘要' })).toBeVisible({ timeout: WITHIN });
  await expect(page.locator('main')).toContainText('市第一人民医院');
  await expect(page.locator('main')).toContainText('已入院');

  await page.getByRole('link', { name: '每日情况' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '每日情况' })).toBeVisible();
  await expect(page.locator('[data-figure="referrals-admitted"]')).toContainText('1', { timeout: WITHIN });
  await expect(page.locator('[data-figure="endedReferred"]')).toContainText('1');
  await expect(page.locator('[data-figure="requested"]')).toContainText('1');
  const trendToday = page.locator('tr[data-trend-date]').last();
  await expect(trendToday).toBeVisible({ timeout: WITHIN });
  await page.screenshot({ path: screenshotPath('daily-status.png'), fullPage: true });
  await wall.context().close();
});
