import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { E2EState, SeededPatient } from './state';

const run = promisify(execFile);

export interface Reading {
  /** UNIX seconds, the reading's own time. */
  t: number;
  spo2?: number;
  pr?: number;
  temp?: number;
}

const UNITS = { spo2: '%', pr: 'beat/min', temp: 'Cel' } as const;

/** SenML (RFC 8428) for one device: base name and base time once, then records relative to it. */
export function senml(deviceId: string, readings: readonly Reading[]): string {
  if (readings.length === 0) throw new Error('no readings');
  const bt = readings[0]!.t;
  const records: Record<string, unknown>[] = [];
  for (const r of readings) {
    for (const metric of ['spo2', 'pr', 'temp'] as const) {
      const v = r[metric];
      if (v === undefined) continue;
      const record: Record<string, unknown> = { n: metric, u: UNITS[metric], v };
      if (records.length === 0) Object.assign(record, { bn: `urn:dev:id:${deviceId}:`, bt });
      else record.t = Math.round((r.t - bt) * 1000) / 1000;
      records.push(record);
    }
  }
  return JSON.stringify(records);
}

/**
 * Publishes like the device itself: mosquitto_pub with the device's own broker account (client
 * id = username = device id, password = the secret issued at registration), QoS 1.
 */
export async function publishTelemetry(state: E2EState, patient: SeededPatient, readings: readonly Reading[]): Promise<void> {
  await run(
    'mosquitto_pub',
    [
      '-h', state.mqtt.host,
      '-p', String(state.mqtt.port),
      '-i', patient.deviceId,
      '-u', patient.deviceId,
      '-P', patient.deviceSecret,
      '-q', '1',
      '-t', `rpm/v1/devices/${patient.deviceId}/telemetry`,
      '-m', senml(patient.deviceId, readings),
    ],
    { timeout: 30_000 },
  );
}

/** Three SpO2 readings below 93 % ending now: the spo2_low rule's two consecutive readings, and one more. */
export function desaturation(now = Date.now() / 1000): Reading[] {
  return [
    { t: now - 4, spo2: 89, pr: 104 },
    { t: now - 2, spo2: 88, pr: 106 },
    { t: now, spo2: 87, pr: 108 },
  ];
}
