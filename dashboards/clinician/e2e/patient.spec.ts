import { apiAs, expect, screenshotPath, signIn, test, WITHIN } from './fixtures';
import type { Reading } from './support/devices';
import { publishTelemetry } from './support/devices';

test('the patient page draws the SpO2 trend with a gap where no readings came', async ({ page, hub }) => {
  const patient = hub.patients.trend;
  // One reading a minute: half an hour from five hours ago, then the last hour and a half, so three
  // hours without readings between (back-dated with SenML bt/t; the device's assignment goes back
  // far enough, see global setup).
  const now = Math.floor(Date.now() / 1000);
  expect(Date.parse(patient.assignedAt) / 1000).toBeLessThan(now - 5 * 3600);
  const run = (start: number, count: number): Reading[] =>
    Array.from({ length: count }, (_, i) => ({ t: start + i * 60, spo2: 96 + Math.round(1.5 * Math.sin(i / 6)), pr: 74 + Math.round(4 * Math.sin(i / 9)) }));
  const readings = [...run(now - 300 * 60, 30), ...run(now - 90 * 60, 91)];
  await publishTelemetry(hub, patient, readings);

  // Stored before the page asks (the chart loads once): every SpO2 reading of this patient.
  const api = await apiAs(hub, hub.users.nurseA1);
  const from = new Date((now - 6 * 3600) * 1000).toISOString();
  await expect
    .poll(async () => {
      const to = new Date(Date.now() + 60_000).toISOString();
      const points = await api.get<unknown[]>(`/api/patients/${patient.id}/vitals?metric=spo2&from=${from}&to=${to}`);
      return points.length;
    }, { timeout: WITHIN })
    .toBe(readings.length);

  await signIn(page, hub.users.nurseA1);
  await page.goto(`/#/patients/${patient.id}`);
  await expect(page.getByRole('heading', { level: 1, name: patient.name })).toBeVisible({ timeout: WITHIN });
  const spo2 = page.locator('figure.trend[data-metric="spo2"]');
  await expect(spo2).toHaveAttribute('data-loaded', 'true', { timeout: WITHIN });
  await expect(spo2).toHaveAttribute('data-points', String(readings.length));
  // One break in the line: the three hours without readings (a gap is never bridged by a line).
  await expect(spo2).toHaveAttribute('data-gaps', '1');
  await expect(spo2.locator('canvas').first()).toBeVisible();
  await expect(page.locator('figure.trend[data-metric="pr"]')).toHaveAttribute('data-gaps', '1', { timeout: WITHIN });

  await page.screenshot({ path: screenshotPath('patient-page.png'), fullPage: true });
});
