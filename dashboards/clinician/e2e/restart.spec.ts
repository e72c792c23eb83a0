import { alarmRow, expect, signIn, test } from './fixtures';
import { desaturation, publishTelemetry } from './support/devices';
import { startHub, stopHub, waitUntilReady } from './support/hub';
import { updateState } from './support/state';

test('after the hub is stopped and started again the page reconnects and shows the alarms raised meanwhile', async ({ page, hub }) => {
  test.setTimeout(360_000);
  const patient = hub.patients.restart;
  await signIn(page, hub.users.nurseA1);
  await expect(alarmRow(page, patient.id)).toHaveCount(0);

  await stopHub(hub.hubPid);
  await expect(page.locator('[data-connection="connected"]')).toHaveCount(0, { timeout: 60_000 });

  // Published while the hub is down: the broker keeps it for the hub's persistent session.
  await publishTelemetry(hub, patient, desaturation());

  const pid = startHub(hub.hubEnv);
  updateState({ hubPid: pid });
  await waitUntilReady(hub.hubUrl, pid);

  // The page retries on its own (immediately, 2, 5, 10, 20, 30 s...), then re-syncs from the snapshot.
  await expect(page.locator('[data-connection="connected"]')).toBeVisible({ timeout: 120_000 });
  const row = alarmRow(page, patient.id);
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row).toHaveAttribute('data-state', 'active');
  await expect(page.locator('body')).toHaveAttribute('data-sound', 'on');
});
