import { expect, test } from '@playwright/test';
import { mockData, mockHub, signedIn } from './mockHub';

const OUT = 'screenshots/out';
const SIZES = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1280x800', width: 1280, height: 800 },
] as const;

for (const size of SIZES) {
  test.describe(size.name, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('login', async ({ page }) => {
      const now = Date.now();
      await mockHub(page, mockData(now), now);
      await page.goto('/');
      await expect(page.getByLabel('用户名')).toBeVisible();
      await page.screenshot({ path: `${OUT}/login-zh-${size.name}.png` });
    });

    test('alarm wall', async ({ page }) => {
      const now = Date.now();
      await mockHub(page, mockData(now), now);
      await signedIn(page, 'zh-CN', now);
      await page.goto('/');
      await expect(page.locator('[data-connection="connected"]')).toBeVisible();
      await expect(page.locator('.alarm')).toHaveCount(7);
      await expect(page.locator('body')).toHaveAttribute('data-sound', 'on');
      await expect(page).toHaveTitle(/^\(7\) 告警墙/);
      await page.waitForTimeout(1500); // live vitals are applied once a second
      await page.screenshot({ path: `${OUT}/wall-zh-${size.name}.png` });
    });
  });
}

test.describe('more pages', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('alarm wall in English, sound silenced', async ({ page }) => {
    const now = Date.now();
    await mockHub(page, mockData(now), now);
    await signedIn(page, 'en', now);
    await page.goto('/');
    await expect(page.locator('.alarm')).toHaveCount(7);
    await page.getByRole('button', { name: 'Silence 2 min' }).click();
    await expect(page.locator('body')).toHaveAttribute('data-sound', 'silenced');
    await expect(page.locator('.alarm')).toHaveCount(7); // silencing hides nothing
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${OUT}/wall-en-silenced-1920x1080.png` });
  });

  test('resolve dialog requires a note for high priority', async ({ page }) => {
    const now = Date.now();
    await mockHub(page, mockData(now), now);
    await signedIn(page, 'zh-CN', now);
    await page.goto('/');
    await page.getByRole('button', { name: '解除告警：王秀英，血氧饱和度低' }).click();
    await page.getByRole('button', { name: '确认解除' }).click();
    await expect(page.getByText('高优先级告警必须填写处理说明')).toBeVisible();
    await page.screenshot({ path: `${OUT}/resolve-dialog-1920x1080.png` });
  });

  test('patient page', async ({ page }) => {
    const now = Date.now();
    await mockHub(page, mockData(now), now);
    await signedIn(page, 'zh-CN', now);
    await page.goto('/#/patients/p02');
    await expect(page.getByRole('heading', { name: '李建国' })).toBeVisible();
    await expect(page.locator('.trend-plot canvas')).toHaveCount(4);
    await page.screenshot({ path: `${OUT}/patient-zh-1920x1080.png`, fullPage: true });
  });

  test('a live alarm appears, ends the silence, and the tab title counts it', async ({ page }) => {
    const now = Date.now();
    const hub = await mockHub(page, mockData(now), now);
    await signedIn(page, 'zh-CN', now);
    await page.goto('/');
    await expect(page.locator('.alarm')).toHaveCount(7);
    await page.getByRole('button', { name: '静音 2 分钟' }).click();
    await expect(page.locator('body')).toHaveAttribute('data-sound', 'silenced');
    hub.push('alarmRaised', {
      id: 'a-new', patientId: 'p10', clinicId: 'c1', kind: 'spo2_low', priority: 'high', state: 'active',
      raisedAt: new Date().toISOString(), value: 90, threshold: 93, late: false, escalated: false, lastUpdatedAt: new Date().toISOString(),
    });
    await expect(page.locator('.alarm')).toHaveCount(8);
    await expect(page.locator('body')).toHaveAttribute('data-sound', 'on');
    await expect(page).toHaveTitle(/^\(8\) /);
    hub.push('alarmChanged', {
      id: 'a-new', patientId: 'p10', clinicId: 'c1', kind: 'spo2_low', priority: 'high', state: 'resolved',
      raisedAt: new Date().toISOString(), resolvedAt: new Date().toISOString(), late: false, escalated: false, lastUpdatedAt: new Date(Date.now() + 1000).toISOString(),
    });
    await expect(page.locator('.alarm')).toHaveCount(7);
  });

  test('after a reconnect the wall re-syncs from the snapshot', async ({ page }) => {
    const now = Date.now();
    const data = mockData(now);
    const hub = await mockHub(page, data, now);
    await signedIn(page, 'zh-CN', now);
    await page.goto('/');
    await expect(page.locator('.alarm')).toHaveCount(7);
    // While the dashboard is away: a6 is resolved by a colleague, a new alarm is raised, a1 is acknowledged.
    data.alarms = data.alarms.filter((a) => a.id !== 'a6');
    data.alarms.push({ id: 'a-missed', patientId: 'p12', clinicId: 'c1', kind: 'fever', priority: 'medium', state: 'active', raisedAt: new Date().toISOString(), value: 38.8, threshold: 38.5, late: false, escalated: false });
    data.alarms = data.alarms.map((a) => (a.id === 'a1' ? { ...a, state: 'acknowledged', acknowledgedBy: '林海燕', acknowledgedAt: new Date().toISOString(), lastUpdatedAt: new Date().toISOString() } : a));
    await hub.dropConnections();
    await expect(page.locator('[data-connection="connected"]')).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('[data-alarm-id="a-missed"]')).toBeVisible();
    await expect(page.locator('[data-alarm-id="a6"]')).toHaveCount(0);
    await expect(page.locator('[data-alarm-id="a1"]')).toHaveAttribute('data-state', 'acknowledged');
    await expect(page.locator('.alarm')).toHaveCount(7);
  });

  test('an expired session returns to login and, after signing in, to the same page', async ({ page }) => {
    const now = Date.now();
    await mockHub(page, mockData(now), now, 'nurse', { tokenExpired: true });
    await signedIn(page, 'zh-CN', now);
    await page.goto('/#/patients/p02');
    await expect(page).toHaveURL(/#\/login\?next=%2Fpatients%2Fp02$/);
    await expect(page.getByText('登录已过期，请重新登录。')).toBeVisible();
    await page.getByLabel('用户名').fill('chenjing');
    await page.getByLabel('密码').fill('secret');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/#\/patients\/p02$/);
    await expect(page.getByRole('heading', { name: '李建国' })).toBeVisible();
  });

  test('device registration shows the secret once', async ({ page }) => {
    const now = Date.now();
    await mockHub(page, mockData(now), now, 'doctor');
    await signedIn(page, 'zh-CN', now);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/#/devices');
    await page.getByLabel('设备编号').fill('ox-0021');
    await page.getByRole('button', { name: '登记设备' }).click();
    await expect(page.getByRole('dialog')).toContainText('密钥只显示这一次');
    await expect(page.getByRole('dialog').getByRole('textbox')).toHaveValue('q7Vx-3mLk-P9sT-wE2r-Hn4c-Zb8y');
    await page.screenshot({ path: `${OUT}/device-secret-zh-1280x800.png` });
  });

  test('handover, inventory, devices, patients', async ({ page }) => {
    const now = Date.now();
    await mockHub(page, mockData(now), now);
    await signedIn(page, 'zh-CN', now);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/#/handover');
    await expect(page.getByRole('heading', { name: '交接班' })).toBeVisible();
    await expect(page.locator('#handover-resolved tbody tr')).toHaveCount(2);
    await page.screenshot({ path: `${OUT}/handover-zh-1280x800.png`, fullPage: true });
    await page.goto('/#/inventory');
    await expect(page.getByText('还差 9 台')).toBeVisible();
    await page.screenshot({ path: `${OUT}/inventory-zh-1280x800.png`, fullPage: true });
    await page.goto('/#/devices');
    await expect(page.locator('tbody tr')).toHaveCount(13);
    await page.screenshot({ path: `${OUT}/devices-zh-1280x800.png`, fullPage: true });
    await page.goto('/#/patients');
    await expect(page.locator('tbody tr')).toHaveCount(12);
    await page.screenshot({ path: `${OUT}/patients-zh-1280x800.png`, fullPage: true });
  });
});
