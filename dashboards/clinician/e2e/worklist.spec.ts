import { apiAs, expect, screenshotPath, signIn, test, WITHIN } from './fixtures';

test('a follow-up due today is completed from the worklist', async ({ page, hub }) => {
  const patient = hub.patients.worklist;
  await signIn(page, hub.users.nurseA1);
  await page.getByRole('link', { name: '随访任务' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '随访任务' })).toBeVisible();

  // Starting home treatment made a follow-up due on day 0 (docs/scheduling.md): due today.
  const row = page.locator(`tr[data-patient-id="${patient.id}"]`);
  await expect(row).toHaveAttribute('data-followup-state', 'dueToday', { timeout: WITHIN });
  await expect(row).toContainText('今日到期');
  // Yellow tier: two contacts a week, none yet.
  await expect(row).toContainText('本周已联系 0/2 次');
  // Other clinics' patients are not on this nurse's list.
  await expect(page.locator(`tr[data-patient-id="${hub.patients.otherClinic.id}"]`)).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('worklist.png'), fullPage: true });

  await row.getByRole('button', { name: '完成随访' }).click();
  const dialog = page.getByRole('dialog', { name: '完成随访' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: '确认完成随访' }).click();
  await expect(dialog.getByText('请选择联系方式。')).toBeVisible();
  await dialog.getByLabel('微信').check();
  await dialog.getByLabel('随访结果（必填）').fill('体温正常，血氧稳定，无呼吸困难');
  await dialog.getByLabel('备注（选填）').fill('已提醒每日早晚测体温');
  await dialog.getByRole('button', { name: '确认完成随访' }).click();

  await expect(page.getByRole('status').filter({ hasText: `已完成 ${patient.name} 的随访。` })).toBeVisible({ timeout: WITHIN });
  // The next follow-up is due in three days; the patient stays on today's list only because one
  // more contact is needed this week (yellow: two).
  await expect(row).toHaveAttribute('data-followup-state', 'upcoming', { timeout: WITHIN });
  await expect(row).toContainText('本周已联系 1/2 次');
  await expect(row).toContainText('还差 1 次');
  await expect(row.getByRole('button', { name: '完成随访' })).toHaveCount(0);

  // A contact by phone makes the week's two: nothing left to do today, listed only with "show all".
  await row.getByRole('button', { name: '记录联系' }).click();
  const contact = page.getByRole('dialog', { name: '记录联系' });
  await contact.getByLabel('电话').check();
  await contact.getByRole('button', { name: '保存联系记录' }).click();
  await expect(page.getByRole('status').filter({ hasText: `已记录与 ${patient.name} 的联系。` })).toBeVisible({ timeout: WITHIN });
  await expect(row).toHaveCount(0, { timeout: WITHIN });
  await page.getByLabel('显示全部患者（包括今日无待办的）').check();
  await expect(row).toContainText('本周已联系 2/2 次');
  await expect(row).toContainText('已达标');

  const api = await apiAs(hub, hub.users.nurseA1);
  const done = await api.get<{ patientId: string; channel: string; outcome: string; note: string }[]>('/api/followups?status=done');
  expect(done.find((f) => f.patientId === patient.id)).toMatchObject({ channel: 'wechat', outcome: '体温正常，血氧稳定，无呼吸困难', note: '已提醒每日早晚测体温' });
});
