import { apiAs, expect, screenshotPath, signIn, test, WITHIN } from './fixtures';

// Grid teams (包保小分队, 004 §7): a nurse builds her clinic's team on its page (a doctor or nurse is
// required, as the hub enforces), puts a patient in it, and finds the patient in the team's list.

test('a clinic builds a grid team with a medical member and assigns a patient to it', async ({ page, hub }) => {
  const patient = hub.patients.referral;
  await signIn(page, hub.users.nurseA1);
  await page.getByRole('link', { name: '包保小分队' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '包保小分队' })).toBeVisible();

  await page.getByRole('button', { name: '新建小分队' }).click();
  await page.getByLabel('小分队名称（必填）').fill('东片一组');
  await page.getByLabel('成员1姓名').fill('王志愿');
  await page.getByLabel('成员1角色').selectOption('volunteer');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('form[data-team-form="new"]').getByRole('alert')).toContainText('每个小分队至少需要一名医生或护士。');

  await page.getByRole('button', { name: '添加成员' }).click();
  await page.getByLabel('成员2姓名').fill('李护士');
  await page.getByLabel('成员2角色').selectOption('nurse');
  await page.getByLabel('成员2电话（选填）').fill('13800000001');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('[data-teams-notice]')).toContainText('已建立小分队“东片一组”。', { timeout: WITHIN });
  const team = page.getByRole('article', { name: '东片一组' });
  await expect(team).toContainText('李护士 · 护士 · 13800000001');
  await expect(team).toContainText('0 名患者');

  await page.getByLabel('搜索患者').fill(patient.name);
  await page.getByLabel(`${patient.name}的包保小分队`).selectOption({ label: '东片一组' });
  await expect(page.locator('[data-teams-notice]')).toContainText(`已将${patient.name}分配到“东片一组”。`, { timeout: WITHIN });
  await expect(team).toContainText('1 名患者', { timeout: WITHIN });
  await team.getByRole('button', { name: '查看东片一组的患者' }).click();
  await expect(team.locator(`[data-team-patient="${patient.id}"]`)).toContainText(patient.name, { timeout: WITHIN });
  await page.screenshot({ path: screenshotPath('teams.png'), fullPage: true });

  // What the page did is what the hub holds.
  const api = await apiAs(hub, hub.users.nurseA1);
  const teams = await api.get<{ id: string; name: string; members: { role: string }[] }[]>('/api/teams');
  const created = teams.find((t) => t.name === '东片一组');
  expect(created?.members.map((m) => m.role)).toEqual(['volunteer', 'nurse']);
  const onPatient = await api.get<{ teamId?: string | null }>(`/api/patients/${patient.id}`);
  expect(onPatient.teamId).toBe(created?.id);
});
