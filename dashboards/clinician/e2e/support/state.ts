import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { CityClinic } from './cityClinic';
import { STATE_DIR, STATE_FILE } from './paths';

export interface Account {
  username: string;
  password: string;
}

export interface SeededPatient {
  id: string;
  name: string;
  clinicId: string;
  deviceId: string;
  deviceSecret: string;
  /** When the device was assigned: readings before it are not this patient's. */
  assignedAt: string;
}

/** Everything global setup made, for the tests and the teardown. */
export interface E2EState {
  hubUrl: string;
  hubPid: number;
  /** The hub's environment, so a test can start it again exactly as before. */
  hubEnv: Record<string, string>;
  database: string;
  databaseConnectionString: string;
  influxUrl: string;
  influxDatabase: string;
  mqtt: { host: string; port: number; hubClientId: string; hubPassword: string };
  admin: Account;
  clinics: { a: { id: string; name: string }; b: { id: string; name: string } };
  users: { nurseA1: Account; nurseA2: Account; nurseB: Account; nurseCity: Account };
  patients: Record<PatientKey, SeededPatient>;
  /** A patient of clinic A neither in home treatment nor wearing a device: no tile on the wall. */
  unmonitored: { id: string; name: string };
  /** The 5,000-patient clinic (issue 19), seeded in PostgreSQL; its nurse is `users.nurseCity`. */
  city: CityClinic | null;
}

/** One patient per scenario, so the tests do not depend on each other's alarms. */
export const PATIENT_KEYS = ['desaturation', 'acknowledge', 'isolation', 'otherClinic', 'restart', 'trend', 'worklist', 'referral'] as const;
export type PatientKey = (typeof PATIENT_KEYS)[number];

export function writeState(state: E2EState): void {
  mkdirSync(STATE_DIR, { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
}

export function readState(): E2EState {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as E2EState;
}

export function updateState(change: Partial<E2EState>): E2EState {
  const next = { ...readState(), ...change };
  writeState(next);
  return next;
}
