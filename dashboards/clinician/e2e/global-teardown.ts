import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { stopHub } from './support/hub';
import { STATE_FILE } from './support/paths';
import { influxQuery, psql } from './support/services';
import { readState } from './support/state';

const run = promisify(execFile);

/** Stops the hub, forgets its broker session and drops its databases. */
export default async function globalTeardown(): Promise<void> {
  if (!existsSync(STATE_FILE)) return;
  const state = readState();
  await stopHub(state.hubPid);
  // A clean-session connect with the hub's client id ends its persistent session on the broker.
  await run(
    'mosquitto_sub',
    ['-h', state.mqtt.host, '-p', String(state.mqtt.port), '-i', state.mqtt.hubClientId, '-u', 'hub', '-P', state.mqtt.hubPassword, '-t', '$SYS/broker/version', '-C', '1', '-W', '5'],
    { timeout: 15_000 },
  ).catch(() => {});
  try {
    psql(state.databaseConnectionString, `DROP DATABASE IF EXISTS ${state.database} WITH (FORCE)`);
  } catch (error) {
    console.warn(`e2e: could not drop ${state.database}: ${String(error)}`);
  }
  await influxQuery(state.influxUrl, `DROP DATABASE ${state.influxDatabase}`).catch((error: unknown) =>
    console.warn(`e2e: could not drop ${state.influxDatabase}: ${String(error)}`),
  );
}
