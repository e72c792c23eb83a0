import type { Page } from '@playwright/test';
import { apiAs, expect, screenshotPath, signIn, test, WITHIN } from './fixtures';
import type { E2EState } from './support/state';

// The dashboard at a city clinic's scale (issue 19): 5,000 patients, 2,000 monitored, a few
// hundred open alarms, seeded in PostgreSQL by global setup. Conditions are waited for; no
// timing is asserted here (scripts/bench-dashboard.sh prints the timings).

function city(hub: E2EState) {
  if (!hub.city) throw new Error('global setup did not seed the city clinic');
  return hub.city;
}

const hashQuery = (page: Page) => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');

test('search finds a patient of the 5,000 by name, and the search survives a reload', async ({ page, hub }) => {
  const c = city(hub);
  await signIn(page, hub.users.nurseCity);
  await page.getByRole('link', { name: '患者' }).first().click();
  await expect(page.locator('.list-range')).toHaveAttribute('data-total', String(c.patients), { timeout: WITHIN });
  // One page is on screen, not the clinic.
  await expect(page.locator('tbody tr')).toHaveCount(50);

  await page.getByLabel('搜索患者').fill(c.uniqueName);
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  await expect(page).toHaveURL(/#\/patients\?q=/);
  expect(hashQuery(page).get('q')).toBe(c.uniqueName);
  await expect(page.locator('.list-range')).toHaveAttribute('data-total', '1', { timeout: WITHIN });
  await expect(page.locator(`tr[data-patient-id="${c.uniqueId}"]`)).toContainText(c.uniqueName);

  await page.reload();
  await expect(page.locator(`tr[data-patient-id="${c.uniqueId}"]`)).toBeVisible({ timeout: WITHIN });
  await expect(page.getByLabel('搜索患者')).toHaveValue(c.uniqueName);
  await expect(page.locator('tbody tr')).toHaveCount(1);
});

test('paging and sorting change the URL and the same page comes back after a reload', async ({ page, hub }) => {
  const c = city(hub);
  await signIn(page, hub.users.nurseCity);
  await page.goto('/#/patients');
  await expect(page.locator('.list-range')).toHaveAttribute('data-total', String(c.patients), { timeout: WITHIN });
  const firstOfPageOne = await page.locator('tbody tr').first().getAttribute('data-patient-id');

  await page.getByRole('button', { name: '下一页' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator('.list-page')).toHaveAttribute('data-page', '2');
  await expect(page.locator('tbody tr').first()).not.toHaveAttribute('data-patient-id', firstOfPageOne!, { timeout: WITHIN });
  const firstOfPageTwo = await page.locator('tbody tr').first().getAttribute('data-patient-id');

  await page.reload();
  await expect(page.locator('.list-page')).toHaveAttribute('data-page', '2', { timeout: WITHIN });
  await expect(page.locator('tbody tr').first()).toHaveAttribute('data-patient-id', firstOfPageTwo!, { timeout: WITHIN });

  // A new sort starts again at page 1, red first.
  await page.getByLabel('排序').selectOption('tier');
  await expect(page).toHaveURL(/sort=tier/);
  expect(hashQuery(page).get('page')).toBeNull();
  await expect(page.locator('tbody tr').first().locator('.tier-red')).toBeVisible({ timeout: WITHIN });
  await page.reload();
  await expect(page.getByLabel('排序')).toHaveValue('tier', { timeout: WITHIN });
  await page.screenshot({ path: screenshotPath('city-patients.png') });
});

test("the wall's header counts equal the API's summary", async ({ page, hub }) => {
  await signIn(page, hub.users.nurseCity);
  const api = await apiAs(hub, hub.users.nurseCity);
  const summary = page.locator('.wall-summary');
  await expect(summary).toHaveAttribute('data-open', /^[1-9]\d*$/, { timeout: WITHIN });
  // The hub's sweeps may raise an alarm meanwhile: wait until one reading of both agrees.
  await expect
    .poll(
      async () => {
        const api_ = await api.get<Record<string, number>>('/api/alarms/summary');
        const shown = Object.fromEntries(
          await Promise.all(['open', 'high', 'medium', 'low', 'unacknowledged', 'patients'].map(async (k) => [k, Number(await summary.getAttribute(`data-${k}`))])),
        );
        return ['open', 'high', 'medium', 'low', 'unacknowledged', 'patients'].every((k) => shown[k] === api_[k]) ? 'equal' : JSON.stringify({ shown, api: api_ });
      },
      { timeout: 60_000 },
    )
    .toBe('equal');
  const api_ = await api.get<{ open: number; patients: number }>('/api/alarms/summary');
  expect(api_.open).toBeGreaterThan(200);
  expect(api_.patients).toBeGreaterThan(100);
});

test('a patient with three alarms is one row with its alarms inside, worst first', async ({ page, hub }) => {
  const c = city(hub);
  await signIn(page, hub.users.nurseCity);
  await expect(page.locator('li.agroup').first()).toBeVisible({ timeout: WITHIN });
  const row = page.locator(`li.agroup[data-patient-id="${c.threeAlarmsId}"]`);
  // Hundreds of patients have alarms: the wall renders the first hundred rows and more on request.
  const more = page.getByRole('button', { name: /再显示/ });
  while ((await row.count()) === 0 && (await more.count()) > 0) await more.click();
  await expect(row).toHaveCount(1, { timeout: WITHIN });
  await expect(row).toContainText(c.threeAlarmsName);
  const lines = row.locator('li.alarm');
  await expect(lines).toHaveCount(3);
  expect(await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-priority')))).toEqual(['high', 'medium', 'low']);
});

test('the wall fits 15 patients with alarms on a 1080p screen and keeps only visible tiles in the DOM', async ({ page, hub }) => {
  const c = city(hub);
  await signIn(page, hub.users.nurseCity);
  await expect(page.locator('li.agroup').first()).toBeVisible({ timeout: WITHIN });
  const fullyVisible = await page.locator('li.agroup').evaluateAll((els) =>
    els.filter((e) => {
      const r = e.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    }).length,
  );
  expect(fullyVisible).toBeGreaterThanOrEqual(15);

  const grid = page.locator('.vgrid.tiles');
  await expect(grid).toHaveAttribute('data-total', String(c.monitored), { timeout: WITHIN });
  const rendered = await page.locator('.tile').count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(100);
  // Scrolling brings other tiles in and takes the first ones out.
  const first = await page.locator('.tile').first().getAttribute('data-patient-id');
  await grid.evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
  await expect(page.locator(`.tile[data-patient-id="${first}"]`)).toHaveCount(0, { timeout: WITHIN });
  expect(await page.locator('.tile').count()).toBeLessThan(100);
  await grid.evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: screenshotPath('city-wall.png') });
});

test('wall filters change the URL and survive a reload', async ({ page, hub }) => {
  await signIn(page, hub.users.nurseCity);
  await expect(page.locator('li.agroup').first()).toBeVisible({ timeout: WITHIN });
  await page.locator('button[data-filter="priority"][data-value="high"]').click();
  await expect(page).toHaveURL(/#\/\?priority=high$/);
  await page.locator('button[data-filter="tier"][data-value="red"]').click();
  await expect(page).toHaveURL(/#\/\?tier=red&priority=high$/);
  const priorities = async () => page.locator('li.alarm').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-priority')))]);
  await expect.poll(priorities, { timeout: WITHIN }).toEqual(['high']);

  await page.reload();
  await expect(page.locator('button[data-filter="priority"][data-value="high"]')).toHaveAttribute('aria-pressed', 'true', { timeout: WITHIN });
  await expect(page.locator('button[data-filter="tier"][data-value="red"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('li.alarm').first()).toBeVisible({ timeout: WITHIN });
  await expect.poll(priorities, { timeout: WITHIN }).toEqual(['high']);
  await page.locator('#wall-kind').selectOption('spo2_low');
  await expect(page).toHaveURL(/kind=spo2_low/);
  await expect.poll(async () => page.locator('li.alarm').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-kind')))]), { timeout: WITHIN }).toEqual([
    'spo2_low',
  ]);
  await page.screenshot({ path: screenshotPath('city-wall-filtered.png') });
});

test("a small clinic's wall stays whole: every tile in the DOM, alarms one row per patient", async ({ page, hub }) => {
  await signIn(page, hub.users.nurseA1);
  const grid = page.locator('.vgrid.tiles');
  await expect(grid).toHaveAttribute('data-total', /^[1-9]\d*$/, { timeout: WITHIN });
  const total = Number(await grid.getAttribute('data-total'));
  await expect(page.locator('.tile')).toHaveCount(total);
  await page.screenshot({ path: screenshotPath('small-clinic-wall.png') });
});
