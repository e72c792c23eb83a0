import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import globalTeardown from './global-teardown';
import { Api } from './support/api';
import { seedCityClinic } from './support/cityClinic';
import { HUB_LOG, startHub, stopHub, waitUntilReady } from './support/hub';
import { ARTIFACTS, DASHBOARD_DIST } from './support/paths';
import { influxQuery, psql, serviceEnv, withDatabase } from './support/services';
import type { Account, E2EState, PatientKey, SeededPatient } from './support/state';
import { writeState } from './support/state';

/**
 * Starts the real hub for the browser tests: its own fresh PostgreSQL and InfluxDB databases on
 * the running service stack (scripts/services.sh), ingestion and scheduling on, a bootstrap
 * administrator; then creates two clinics, three nurses and one patient per scenario (each in
 * home treatment with an oximeter of its own) through the HTTP API.
 */

const CLINIC_ZONE = 'Asia/Shanghai';
/** How far back the trend patient's home treatment and device go. */
const TREND_HISTORY_HOURS = 8;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');
const suffix = () => randomBytes(4).toString('hex');

/** A birth date giving `years` whole years today at the clinic (six months before that birthday). */
function birthDateForAge(years: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: CLINIC_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - years, m - 1 - 6, Math.min(d, 28)));
  return date.toISOString().slice(0, 10);
}

interface PatientPlan {
  key: PatientKey;
  clinic: 'a' | 'b';
  name: string;
  sex: 'female' | 'male';
  age: number;
  underlyingDisease: 'none' | 'stable' | 'unstable';
  vaccination: 'full' | 'partial' | 'none';
}

// Tiers by clinical-rules §1: 70 + stable + partial = Y2 (yellow), 70 + unstable = R2 (red), 50 + none = G1 (green).
const PLAN: PatientPlan[] = [
  { key: 'desaturation', clinic: 'a', name: '王芳', sex: 'female', age: 70, underlyingDisease: 'stable', vaccination: 'partial' },
  { key: 'acknowledge', clinic: 'a', name: '李娜', sex: 'female', age: 72, underlyingDisease: 'unstable', vaccination: 'full' },
  { key: 'isolation', clinic: 'a', name: '赵强', sex: 'male', age: 68, underlyingDisease: 'stable', vaccination: 'none' },
  { key: 'restart', clinic: 'a', name: '周敏', sex: 'female', age: 75, underlyingDisease: 'unstable', vaccination: 'partial' },
  { key: 'trend', clinic: 'a', name: '吴磊', sex: 'male', age: 50, underlyingDisease: 'none', vaccination: 'full' },
  { key: 'worklist', clinic: 'a', name: '郑华', sex: 'male', age: 71, underlyingDisease: 'stable', vaccination: 'partial' },
  { key: 'otherClinic', clinic: 'b', name: '孙丽', sex: 'female', age: 69, underlyingDisease: 'stable', vaccination: 'partial' },
  { key: 'referral', clinic: 'a', name: '陈刚', sex: 'male', age: 66, underlyingDisease: 'stable', vaccination: 'full' },
];

export default async function globalSetup(): Promise<void> {
  if (!existsSync(join(DASHBOARD_DIST, 'index.html'))) throw new Error(`${DASHBOARD_DIST}/index.html is missing: npm run build first`);
  // Last run's screenshots and hub log go; Playwright manages its own test-results folder.
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const file of readdirSync(ARTIFACTS)) if (file.endsWith('.png') || file === 'hub.log') rmSync(join(ARTIFACTS, file), { force: true });

  const services = serviceEnv();
  const run = suffix();
  const database = `monitoring_e2e_${run}`;
  const influxDatabase = `rpm_e2e_${run}`;
  psql(services.databaseConnectionString, `CREATE DATABASE ${database}`);
  await influxQuery(services.influxUrl, `CREATE DATABASE ${influxDatabase}`);

  const port = await freePort();
  const hubUrl = `http://127.0.0.1:${port}`;
  const admin: Account = { username: 'admin', password: `e2e-${token(15)}` };
  const hubClientId = `hub-e2e-${run}`;
  const databaseConnectionString = withDatabase(services.databaseConnectionString, database);
  const hubEnv: Record<string, string> = {
    ASPNETCORE_ENVIRONMENT: 'Production',
    ASPNETCORE_URLS: hubUrl,
    Urls: hubUrl,
    Database__ConnectionString: databaseConnectionString,
    Influx__Url: services.influxUrl,
    Influx__Database: influxDatabase,
    Mqtt__Host: services.mqttHost,
    Mqtt__Port: String(services.mqttPort),
    Mqtt__Username: 'hub',
    Mqtt__Password: services.mqttHubPassword,
    // Its own session and shared-subscription group, so no other hub on the broker takes its messages.
    Mqtt__ClientId: hubClientId,
    Mqtt__SharedGroup: `e2e${run}`,
    Admin__Username: admin.username,
    Admin__Password: admin.password,
    Auth__SigningKey: `e2e-signing-key-${token(32)}`,
    Ingestion__Enabled: 'true',
    Scheduling__Enabled: 'true',
    Dashboard__RootPath: DASHBOARD_DIST,
    DOTNET_gcServer: '0',
  };

  const hubPid = startHub(hubEnv);
  const state: E2EState = {
    hubUrl,
    hubPid,
    hubEnv,
    database,
    databaseConnectionString: services.databaseConnectionString,
    influxUrl: services.influxUrl,
    influxDatabase,
    mqtt: { host: services.mqttHost, port: services.mqttPort, hubClientId, hubPassword: services.mqttHubPassword },
    admin,
    clinics: { a: { id: '', name: '' }, b: { id: '', name: '' } },
    users: {
      nurseA1: { username: `nurse-a1-${run}`, password: `pw-${token(12)}` },
      nurseA2: { username: `nurse-a2-${run}`, password: `pw-${token(12)}` },
      nurseB: { username: `nurse-b-${run}`, password: `pw-${token(12)}` },
      nurseCity: { username: `nurse-city-${run}`, password: `pw-${token(12)}` },
    },
    patients: {} as E2EState['patients'],
    unmonitored: { id: '', name: '钱进' },
    city: null,
  };
  // Written before anything can fail, so the teardown stops the hub and drops the databases.
  writeState(state);
  try {
    await seed(state);
  } catch (error) {
    // Playwright runs no teardown after a failed setup: clean up here.
    await globalTeardown();
    throw error;
  }
}

async function seed(state: E2EState): Promise<void> {
  const { hubUrl, hubPid, admin } = state;
  const run = state.hubEnv.Mqtt__SharedGroup!.slice('e2e'.length);
  await waitUntilReady(hubUrl, hubPid);
  console.log(`e2e: hub ${hubUrl} (pid ${hubPid}, log ${HUB_LOG}), databases ${state.database} / ${state.influxDatabase}`);

  const api = await Api.login(hubUrl, admin);
  for (const [key, name] of [['a', `莲花社区卫生服务中心 ${run}`], ['b', `石岩镇卫生院 ${run}`]] as const) {
    const clinic = await api.post<{ id: string }>('/api/clinics', { name, timeZone: CLINIC_ZONE });
    state.clinics[key] = { id: clinic.id, name };
  }
  const nurseClinic = { nurseA1: 'a', nurseA2: 'a', nurseB: 'b' } as const;
  for (const [key, clinic] of Object.entries(nurseClinic) as [keyof typeof nurseClinic, 'a' | 'b'][]) {
    await api.post('/api/users', { ...state.users[key], role: 'nurse', clinicId: state.clinics[clinic].id });
  }

  for (const p of PLAN) {
    const clinicId = state.clinics[p.clinic].id;
    const patient = await api.post<{ id: string }>('/api/patients', {
      clinicId,
      name: p.name,
      birthDate: birthDateForAge(p.age),
      sex: p.sex,
      underlyingDisease: p.underlyingDisease,
      vaccination: p.vaccination,
    });
    const since = p.key === 'trend' ? new Date(Date.now() - TREND_HISTORY_HOURS * 3600_000).toISOString() : undefined;
    await api.post(`/api/patients/${patient.id}/episodes`, since ? { startedAt: since } : {});
    const deviceId = `ox-e2e-${p.key.toLowerCase()}-${run}`;
    const device = await api.post<{ secret: string }>('/api/devices', { id: deviceId, kind: 'oximeter', clinicId });
    const assigned = await api.post<{ assignedAt: string }>(`/api/devices/${deviceId}/assign`, { patientId: patient.id });
    let assignedAt = assigned.assignedAt;
    if (since) {
      // The trend needs readings hours old, and readings count for a patient only from the device's
      // assignment on, which the API sets to "now". As the hub's ingestion tests do, the assignment
      // is moved back in the database (the device was handed out in the morning); ingestion
      // re-reads assignments every few seconds and whenever a reading falls outside a cached one.
      psql(state.hubEnv.Database__ConnectionString!, `UPDATE device_assignments SET from_at = '${since}' WHERE device_id = '${deviceId}' AND to_at IS NULL`);
      assignedAt = since;
    }
    const seeded: SeededPatient = { id: patient.id, name: p.name, clinicId, deviceId, deviceSecret: device.secret, assignedAt };
    state.patients[p.key] = seeded;
  }
  const unmonitored = await api.post<{ id: string }>('/api/patients', {
    clinicId: state.clinics.a.id,
    name: state.unmonitored.name,
    birthDate: birthDateForAge(40),
    sex: 'male',
    underlyingDisease: 'none',
    vaccination: 'full',
  });
  state.unmonitored.id = unmonitored.id;
  writeState(state);

  // The city clinic (issue 19): 5,000 patients, 2,000 in home treatment, a few hundred open alarms;
  // 20 of them wear a device (E2E_CITY_DEVICES: scripts/bench-dashboard.sh streams 2,000).
  const city = await seedCityClinic(api, state.hubEnv.Database__ConnectionString!, run, { patients: 5000, monitored: 2000, devices: Number(process.env.E2E_CITY_DEVICES ?? 20), alarmEvery: 9 });
  await api.post('/api/users', { ...state.users.nurseCity, role: 'nurse', clinicId: city.clinicId });
  state.city = city;
  writeState(state);
  // The alarm engine and the live feed read open alarms at start: restart the hub so they hold the seeded ones.
  await stopHub(hubPid);
  state.hubPid = startHub(state.hubEnv);
  writeState(state);
  await waitUntilReady(hubUrl, state.hubPid);
  console.log(`e2e: city clinic seeded (${city.patients} patients, ${city.monitored} monitored); hub restarted (pid ${state.hubPid})`);
}
