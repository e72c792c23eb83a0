import { alarmRow, apiAs, expect, newScreen, screenshotPath, signIn, test, WITHIN } from './fixtures';
import { desaturation, publishTelemetry } from './support/devices';

// Device publishes go to the real broker with the device's own credentials; the real hub ingests
// them, raises the alarm and pushes it over SignalR. "Within N s" only, never a latency bound.

test('a desaturation published over MQTT appears on the wall with sound requested', async ({ page, hub }) => {
  const patient = hub.patients.desaturation;
  await signIn(page, hub.users.nurseA1);
  await expect(alarmRow(page, patient.id)).toHaveCount(0);

  await publishTelemetry(hub, patient, desaturation());

  const row = alarmRow(page, patient.id);
  await expect(row).toBeVisible({ timeout: WITHIN });
  await expect(row).toHaveAttribute('data-priority', 'high');
  await expect(row).toHaveAttribute('data-state', 'active');
  // One row per patient (issue 19): the name heads the patient's row, its alarms are inside.
  await expect(page.locator(`li.agroup[data-patient-id="${patient.id}"]`)).toContainText(patient.name);
  await expect(row).toContainText('血氧饱和度低');
  await expect(row).toContainText('低于 93%');
  // Sound: the page asks for the alarm tone (headless Chromium may play nothing audible).
  await expect(page.locator('body')).toHaveAttribute('data-sound', 'on');
  await expect.poll(async () => Number(await page.locator('body').getAttribute('data-beeps-requested')), { timeout: WITHIN }).toBeGreaterThan(0);
  await expect(page).toHaveTitle(/^\(\d+\) 告警墙/);
  // The patient's tile shows the newest reading.
  await expect(page.locator(`.tile[data-patient-id="${patient.id}"]`)).toContainText('87', { timeout: WITHIN });

  await page.screenshot({ path: screenshotPath('alarm-wall.png'), fullPage: true });
});

test('acknowledging in one browser updates a second browser of the same clinic', async ({ page, browser, hub }) => {
  const patient = hub.patients.acknowledge;
  await signIn(page, hub.users.nurseA1);
  const second = await newScreen(browser, hub);
  await signIn(second, hub.users.nurseA2);

  await publishTelemetry(hub, patient, desaturation());
  await expect(alarmRow(page, patient.id)).toHaveAttribute('data-state', 'active', { timeout: WITHIN });
  await expect(alarmRow(second, patient.id)).toHaveAttribute('data-state', 'active', { timeout: WITHIN });

  await alarmRow(page, patient.id).getByRole('button', { name: '确认' }).click();

  const seenBySecond = alarmRow(second, patient.id);
  await expect(seenBySecond).toHaveAttribute('data-state', 'acknowledged', { timeout: WITHIN });
  await expect(seenBySecond).toContainText(`${hub.users.nurseA1.username} 已确认`);
  await expect(seenBySecond.getByRole('button', { name: '确认' })).toHaveCount(0);
  await expect(alarmRow(page, patient.id)).toHaveAttribute('data-state', 'acknowledged');
  await second.context().close();
});

test('a nurse of another clinic never sees the alarm', async ({ page, browser, hub }) => {
  const ours = hub.patients.isolation;
  const theirs = hub.patients.otherClinic;
  const other = await newScreen(browser, hub);
  await signIn(other, hub.users.nurseB);
  await signIn(page, hub.users.nurseA1);

  await publishTelemetry(hub, ours, desaturation());
  await publishTelemetry(hub, theirs, desaturation());

  // Each clinic's wall gets its own alarm...
  await expect(alarmRow(page, ours.id)).toBeVisible({ timeout: WITHIN });
  await expect(alarmRow(other, theirs.id)).toBeVisible({ timeout: WITHIN });
  // ...and never the other's: not pushed live, not in the snapshot after a reload, not by the API.
  await expect(alarmRow(other, ours.id)).toHaveCount(0);
  await expect(other.getByText(ours.name)).toHaveCount(0);
  await expect(alarmRow(page, theirs.id)).toHaveCount(0);
  await other.reload();
  await expect(other.locator('[data-connection="connected"]')).toBeVisible({ timeout: WITHIN });
  await expect(alarmRow(other, theirs.id)).toBeVisible({ timeout: WITHIN });
  await expect(alarmRow(other, ours.id)).toHaveCount(0);
  await expect(other.locator(`.tile[data-patient-id="${ours.id}"]`)).toHaveCount(0);

  const asOtherNurse = await apiAs(hub, hub.users.nurseB);
  const open = await asOtherNurse.get<{ id: string; patientId: string }[]>('/api/alarms?state=open');
  expect(open.map((a) => a.patientId)).not.toContain(ours.id);
  const ourAlarmId = await alarmRow(page, ours.id).getAttribute('data-alarm-id');
  expect((await asOtherNurse.send('GET', `/api/alarms/${ourAlarmId}`)).status).toBe(404);
  await other.context().close();
});
