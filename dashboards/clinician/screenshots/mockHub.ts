import type { Page, WebSocketRoute } from '@playwright/test';
import type { Alarm, Device, Episode, Inventory, LabTest, Patient, VitalsSample } from '../src/api/types';

// A stand-in for the hub inside the browser: HTTP answers by page.route and a SignalR server
// speaking the JSON hub protocol over page.routeWebSocket. Data is relative to `now` so times on
// screen read naturally ("已 4 分钟").

const RS = '\u001e';
const MIN = 60_000;

export interface MockData {
  patients: Patient[];
  alarms: Alarm[];
  devices: Device[];
  vitals: VitalsSample[];
  inventory: Inventory;
}

function p(id: string, name: string, tier: Patient['riskTier'], extra: Partial<Patient> = {}): Patient {
  return {
    id,
    clinicId: 'c1',
    name,
    birthDate: '1952-04-18',
    ageYears: 74,
    sex: 'female',
    underlyingDisease: 'stable',
    vaccination: 'partial',
    categories: ['age_65_plus'],
    urgentNeed: false,
    serviceLevel: tier === 'green' ? 1 : tier === 'yellow' ? 2 : 3,
    gridTeam: '第三网格包保小分队',
    riskTier: tier,
    riskBasis: tier === 'red' ? { method: 'table', row: 'R2', ageYears: 74, assessedOn: '2026-11-20' } : tier === 'yellow' ? { method: 'table', row: 'Y2', ageYears: 74, assessedOn: '2026-11-20' } : { method: 'table', row: 'G1', ageYears: 74, assessedOn: '2026-11-20' },
    ...extra,
  };
}

export function mockData(now: number): MockData {
  const iso = (ms: number) => new Date(ms).toISOString();
  const patients = [
    p('p01', '王秀英', 'red', { underlyingDisease: 'unstable', categories: ['age_65_plus', 'living_alone'] }),
    p('p02', '李建国', 'red', { sex: 'male', birthDate: '1941-02-03', ageYears: 85, underlyingDisease: 'unstable', riskBasis: { method: 'score', score: 5, agePoints: 2, diseasePoints: 2, vaccinationPoints: 1, ageYears: 85, assessedOn: '2026-11-19' } }),
    p('p03', '张桂兰', 'yellow'),
    p('p04', '刘伟', 'yellow', { sex: 'male', birthDate: '1968-09-09', ageYears: 58, categories: ['dialysis'] }),
    p('p05', '陈淑珍', 'yellow'),
    p('p06', '赵明', 'green', { sex: 'male', categories: [] }),
    p('p07', '孙丽', 'yellow', { birthDate: '1994-06-01', ageYears: 32, categories: ['pregnant'], pregnancy: { risk: 'orange', gestationalWeek: 34, priority: true } }),
    p('p08', '周志强', 'green', { sex: 'male' }),
    p('p09', '吴芳', 'yellow'),
    p('p10', '郑国庆', 'red', { sex: 'male' }),
    p('p11', '黄美华', 'green'),
    p('p12', '欧阳晓明', 'yellow', { sex: 'male' }),
  ];
  const alarms: Alarm[] = [
    { id: 'a1', patientId: 'p01', clinicId: 'c1', kind: 'spo2_low', priority: 'high', state: 'active', raisedAt: iso(now - 4 * MIN), value: 89, worstValue: 87, threshold: 93, late: false, escalated: false, lastUpdatedAt: iso(now - 20_000) },
    { id: 'a2', patientId: 'p02', clinicId: 'c1', kind: 'symptom_reported', priority: 'high', state: 'active', raisedAt: iso(now - 17 * MIN), detail: 'dyspnea', late: false, escalated: true, lastUpdatedAt: iso(now - 2 * MIN) },
    { id: 'a3', patientId: 'p03', clinicId: 'c1', kind: 'fever_persistent', priority: 'high', state: 'acknowledged', raisedAt: iso(now - 130 * MIN), value: 38.7, threshold: 38.5, acknowledgedBy: '陈静', acknowledgedAt: iso(now - 32 * MIN), conditionCleared: true, late: false, escalated: false, lastUpdatedAt: iso(now - 10 * MIN) },
    { id: 'a4', patientId: 'p04', clinicId: 'c1', kind: 'fever', priority: 'medium', state: 'active', raisedAt: iso(now - 9 * MIN), value: 38.9, threshold: 38.5, late: true, escalated: false, lastUpdatedAt: iso(now - 9 * MIN) },
    { id: 'a5', patientId: 'p07', clinicId: 'c1', kind: 'followup_overdue', priority: 'medium', state: 'active', raisedAt: iso(now - 6 * 60 * MIN), late: false, escalated: false },
    { id: 'a6', patientId: 'p05', clinicId: 'c1', kind: 'device_silent', priority: 'low', state: 'active', raisedAt: iso(now - 5 * MIN), detail: 'ox-0007', late: false, escalated: false },
    { id: 'a7', patientId: 'p06', clinicId: 'c1', kind: 'battery_low', priority: 'low', state: 'acknowledged', raisedAt: iso(now - 50 * MIN), value: 11, threshold: 15, acknowledgedBy: '陈静', acknowledgedAt: iso(now - 45 * MIN), late: false, escalated: false },
    { id: 'r1', patientId: 'p09', clinicId: 'c1', kind: 'spo2_low', priority: 'high', state: 'resolved', raisedAt: iso(now - 5 * 60 * MIN), value: 91, threshold: 93, acknowledgedBy: '林海燕', acknowledgedAt: iso(now - 295 * MIN), resolvedBy: '林海燕', resolvedAt: iso(now - 250 * MIN), resolutionNote: '已电话联系，复测 96%，嘱继续监测', late: false, escalated: false },
    { id: 'r2', patientId: 'p12', clinicId: 'c1', kind: 'temperature_check_missed', priority: 'low', state: 'resolved', raisedAt: iso(now - 9 * 60 * MIN), resolvedBy: 'system', resolvedAt: iso(now - 8 * 60 * MIN), late: false, escalated: false },
  ];
  const devices: Device[] = patients.slice(0, 10).map((pt, i) => ({
    id: `ox-${String(i + 1).padStart(4, '0')}`,
    kind: 'oximeter',
    clinicId: 'c1',
    status: 'active',
    registeredAt: iso(now - 10 * 24 * 60 * MIN),
    patientId: pt.id,
    assignedAt: iso(now - 3 * 24 * 60 * MIN),
  }));
  devices.push(
    { id: 'ox-0011', kind: 'oximeter', clinicId: 'c1', status: 'active', registeredAt: iso(now - 10 * 24 * 60 * MIN) },
    { id: 'th-0001', kind: 'thermometer', clinicId: 'c1', status: 'active', registeredAt: iso(now - 10 * 24 * 60 * MIN), patientId: 'p03', assignedAt: iso(now - 2 * 24 * 60 * MIN) },
    { id: 'ox-0099', kind: 'oximeter', clinicId: 'c1', status: 'revoked', registeredAt: iso(now - 40 * 24 * 60 * MIN), revokedAt: iso(now - 20 * 24 * 60 * MIN) },
  );

  // Live vitals: every 10 s over the last 10 min. 陈淑珍 (p05) went silent 20 min ago; 孙丽 (p07)
  // has a 3-minute gap; 黄美华 (p11) has never sent anything.
  const vitals: VitalsSample[] = [];
  const base: Record<string, { spo2: number; pr: number; temp: number }> = {
    p01: { spo2: 89.5, pr: 104, temp: 37.9 },
    p02: { spo2: 93.5, pr: 98, temp: 38.2 },
    p03: { spo2: 95, pr: 88, temp: 38.6 },
    p04: { spo2: 96, pr: 92, temp: 38.9 },
    p06: { spo2: 97, pr: 72, temp: 36.6 },
    p07: { spo2: 98, pr: 86, temp: 36.9 },
    p08: { spo2: 97, pr: 66, temp: 36.5 },
    p09: { spo2: 95, pr: 80, temp: 37.1 },
    p10: { spo2: 94, pr: 90, temp: 37.4 },
    p12: { spo2: 96, pr: 75, temp: 36.8 },
  };
  for (const [id, b] of Object.entries(base)) {
    for (let s = 600; s >= 0; s -= 10) {
      if (id === 'p07' && s > 200 && s < 380) continue;
      const wobble = Math.sin((s + id.charCodeAt(2) * 37) / 45);
      vitals.push({
        patientId: id,
        t: iso(now - s * 1000),
        spo2: Math.round((b.spo2 + wobble * 1.2) * 10) / 10,
        pr: Math.round(b.pr + wobble * 4),
        ...(s % 60 === 0 ? { temp: Math.round((b.temp + wobble * 0.1) * 10) / 10 } : {}),
      });
    }
  }
  vitals.push({ patientId: 'p05', t: iso(now - 20 * MIN), spo2: 95, pr: 78, temp: 37.0 });

  const inventory: Inventory = {
    clinicId: 'c1',
    total: 13,
    issued: 11,
    free: 1,
    revoked: 1,
    silent: null,
    lowBattery: null,
    liveStatusTracked: false,
    oximeters: 11,
    oximeterTarget: 20,
    oximetersShort: 9,
    byKind: [
      { kind: 'oximeter', issued: 10, free: 1, revoked: 1 },
      { kind: 'thermometer', issued: 1, free: 0, revoked: 0 },
      { kind: 'wearable', issued: 0, free: 0, revoked: 0 },
    ],
  };
  return { patients, alarms, devices, vitals, inventory };
}

function episode(patientId: string, now: number): Episode {
  return {
    id: `e-${patientId}`,
    patientId,
    startedAt: new Date(now - 4 * 24 * 60 * MIN).toISOString(),
    endedAt: null,
    symptomsImproved: false,
    endCriteria: { antigenNegative: true, pcrConsecutiveCtAbove35: false, symptomsImproved: false, met: false },
  };
}

/** Trend data with a 2-hour gap (device off) so gaps must show as gaps. */
function trend(metric: string, from: number, to: number, every: string | null) {
  const step = every === '15m' ? 15 * MIN : every === '1m' ? MIN : 5 * MIN;
  const out: unknown[] = [];
  for (let t = from; t < to; t += step) {
    const hoursAgo = (to - t) / (60 * MIN);
    if (hoursAgo > 6 && hoursAgo < 8) continue;
    const w = Math.sin(t / (97 * MIN));
    const v =
      metric === 'spo2' ? 94.5 + w * 2.5 - (hoursAgo < 1 ? 4 : 0) : metric === 'pr' ? 90 + w * 10 : metric === 'temp' ? 37.6 + w * 1.1 : 19 + w * 3;
    const value = Math.round(v * 10) / 10;
    out.push(every ? { t: new Date(t).toISOString(), min: value - 1, mean: value, max: value + 1 } : { t: new Date(t).toISOString(), value });
  }
  return out;
}

export async function mockHub(
  page: Page,
  data: MockData,
  now: number,
  role: 'nurse' | 'doctor' | 'admin' = 'nurse',
  options: { tokenExpired?: boolean } = {},
): Promise<{ push: (target: string, arg: unknown) => void; dropConnections: () => Promise<void> }> {
  const sockets: WebSocketRoute[] = [];
  // With tokenExpired, the token the page starts with is refused until it signs in again.
  const validToken = options.tokenExpired ? 'fresh-token' : 'mock-token';

  await page.route('**/api/**', async (route) => {
    const url = new URL(route.request().url());
    const path = url.pathname;
    const method = route.request().method();
    const json = (body: unknown, status = 200) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });

    if (path === '/api/auth/login' && method === 'POST') {
      const body = route.request().postDataJSON() as { password?: string };
      if (body.password === 'wrong') return json({ title: 'Login failed', status: 401 }, 401);
      return json({ token: validToken, expiresAt: new Date(now + 8 * 60 * MIN).toISOString() });
    }
    if (route.request().headers().authorization !== `Bearer ${validToken}`) return json({ title: 'Unauthorized', status: 401 }, 401);
    if (path === '/api/auth/me') return json({ id: 'u1', username: 'chenjing', role, clinicId: 'c1' });
    if (path === '/api/devices' && method === 'POST') {
      const body = route.request().postDataJSON() as { id: string; kind: string };
      return json({ ...body, clinicId: 'c1', status: 'active', registeredAt: new Date(now).toISOString(), secret: 'q7Vx-3mLk-P9sT-wE2r-Hn4c-Zb8y' }, 201);
    }
    if (path === '/api/clinics') return json([{ id: 'c1', name: '城东社区卫生服务中心', timeZone: 'Asia/Shanghai' }]);
    if (path === '/api/clinics/c1/inventory') return json(data.inventory);
    if (path === '/api/devices') return json(data.devices);
    if (path === '/api/alarms') {
      const state = url.searchParams.get('state');
      const patientId = url.searchParams.get('patientId');
      return json(
        data.alarms.filter(
          (a) =>
            (!patientId || a.patientId === patientId) &&
            (!state || (state === 'open' ? a.state !== 'resolved' : a.state === state)),
        ),
      );
    }
    if (path === '/api/patients') {
      const tier = url.searchParams.get('tier');
      const monitored = url.searchParams.get('monitored') === 'true';
      const q = url.searchParams.get('q');
      const list = data.patients.filter((x) => (!tier || x.riskTier === tier) && (!monitored || x.id !== 'p08') && (!q || x.name.includes(q)));
      // With page/pageSize the hub answers one page with its total (docs/api.md, "Paging").
      const page = url.searchParams.get('page');
      if (page === null && url.searchParams.get('pageSize') === null) return json(list);
      const size = Number(url.searchParams.get('pageSize') ?? 50);
      const n = Number(page ?? 1);
      return json({ items: list.slice((n - 1) * size, n * size), total: list.length, page: n, pageSize: size });
    }
    const m = /^\/api\/patients\/([^/]+)(\/.*)?$/.exec(path);
    if (m) {
      const patient = data.patients.find((x) => x.id === m[1]);
      if (!patient) return json({ title: 'Not found', status: 404 }, 404);
      const sub = m[2] ?? '';
      if (sub === '') return json({ ...patient, currentEpisode: episode(patient.id, now) });
      if (sub === '/episodes') return json([episode(patient.id, now)]);
      if (sub === '/tests') {
        const tests: LabTest[] = [
          { id: 't1', patientId: patient.id, kind: 'antigen', takenAt: new Date(now - 20 * 60 * MIN).toISOString(), result: 'negative' },
          { id: 't2', patientId: patient.id, kind: 'pcr', takenAt: new Date(now - 30 * 60 * MIN).toISOString(), result: 'positive', ct: 31.2 },
        ];
        return json(tests);
      }
      if (sub === '/vitals') {
        const from = Date.parse(url.searchParams.get('from') ?? '');
        const to = Date.parse(url.searchParams.get('to') ?? '');
        return json(trend(url.searchParams.get('metric') ?? 'spo2', from, to, url.searchParams.get('every')));
      }
    }
    return json({ title: 'Not found', status: 404 }, 404);
  });

  await page.route('**/hubs/alarms/negotiate**', (route) =>
    route.request().headers().authorization !== `Bearer ${validToken}`
      ? route.fulfill({ status: 401, body: '' })
      : route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        negotiateVersion: 1,
        connectionId: 'mock',
        connectionToken: 'mock',
        availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }],
      }),
    }),
  );

  await page.routeWebSocket(/\/hubs\/alarms/, (ws) => {
    sockets.push(ws);
    const ping = setInterval(() => ws.send(`{"type":6}${RS}`), 10_000);
    ws.onClose(() => clearInterval(ping));
    ws.onMessage((message) => {
      for (const frame of String(message).split(RS).filter(Boolean)) {
        const msg = JSON.parse(frame) as { protocol?: string; type?: number; target?: string; invocationId?: string };
        if (msg.protocol) ws.send(`{}${RS}`);
        else if (msg.type === 1 && msg.target === 'GetSnapshot') {
          const snapshot = { asOf: new Date(now).toISOString(), alarms: data.alarms.filter((a) => a.state !== 'resolved'), vitals: data.vitals };
          ws.send(JSON.stringify({ type: 3, invocationId: msg.invocationId, result: snapshot }) + RS);
        }
      }
    });
  });

  return {
    push: (target, arg) => {
      for (const ws of sockets) ws.send(JSON.stringify({ type: 1, target, arguments: [arg] }) + RS);
    },
    /** The server goes away (abnormal close): the client must reconnect and re-sync. */
    dropConnections: async () => {
      for (const ws of sockets.splice(0)) await ws.close({ code: 1011, reason: 'server restart' });
    },
  };
}

/** Signs the page in (token in sessionStorage) and picks the language before any script runs. */
export async function signedIn(page: Page, lang: 'zh-CN' | 'en', now: number): Promise<void> {
  await page.addInitScript(
    ([l, exp]) => {
      sessionStorage.setItem('rpm.token', 'mock-token');
      sessionStorage.setItem('rpm.expiresAt', exp);
      localStorage.setItem('rpm.lang', l);
    },
    [lang, new Date(now + 8 * 60 * MIN).toISOString()] as const,
  );
}
