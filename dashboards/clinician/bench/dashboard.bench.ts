import type { Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { Api } from '../e2e/support/api';
import { REPO } from '../e2e/support/paths';
import { test } from '../e2e/fixtures';
import { signIn } from '../e2e/fixtures';

// Prints what issue 19 asks to measure; asserts nothing (a shared 2-core machine is no place for
// timed assertions). Goals: first page < 1 s, browser < 25 % of a core and < 300 MB of JS heap
// with 2,000 monitored patients streaming at 1 Hz.

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STREAM_WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 20);
const STREAM_MEASURE_S = Number(process.env.BENCH_MEASURE_S ?? 60);
const SIM_DLL = resolve(REPO, 'firmware-sim/Monitoring.FirmwareSim/bin/Release/net10.0/Monitoring.FirmwareSim.dll');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Milliseconds from the navigation's start until `selector` is on screen. */
async function timeToShow(page: Page, url: string, selector: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  await page.locator(selector).first().waitFor({ state: 'visible', timeout: 120_000 });
  return page.evaluate(() => performance.now());
}

type Cdp = Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>>;

/** Cumulative counters of one DevTools session (TaskDuration etc. count from its Performance.enable). */
async function metrics(cdp: Cdp): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

test('dashboard at a city clinic: first page, wall first paint, browser cost under a 2,000-patient stream', async ({ page, hub }) => {
  const city = hub.city!;
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  say(`bench-dashboard: ${new Date().toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), shared machine`);
  say(`city clinic: ${city.patients} patients, ${city.monitored} monitored, ${city.devices} with a device`);

  const nurse = await Api.login(hub.hubUrl, hub.users.nurseCity);
  const api: number[] = [];
  for (let i = 0; i < RUNS * 2; i++) {
    const t0 = performance.now();
    await nurse.get('/api/patients?page=1&pageSize=50&sort=name');
    api.push(performance.now() - t0);
  }
  say(`GET /api/patients?page=1&pageSize=50 (5,000 patients): median ${median(api).toFixed(0)} ms, max ${Math.max(...api).toFixed(0)} ms over ${api.length}`);

  await signIn(page, hub.users.nurseCity);
  const firstPage: number[] = [];
  for (let i = 0; i < RUNS; i++) firstPage.push(await timeToShow(page, `${hub.hubUrl}/#/patients`, 'tbody tr'));
  say(`patients list, first page on screen (navigation start → rows): median ${median(firstPage).toFixed(0)} ms, max ${Math.max(...firstPage).toFixed(0)} ms (goal < 1000)`);
  const searched: number[] = [];
  for (let i = 0; i < RUNS; i++) searched.push(await timeToShow(page, `${hub.hubUrl}/#/patients?q=${encodeURIComponent(city.uniqueName)}`, `tr[data-patient-id="${city.uniqueId}"]`));
  say(`patients list, a search by name on screen: median ${median(searched).toFixed(0)} ms`);

  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) wall.push(await timeToShow(page, `${hub.hubUrl}/#/`, 'li.agroup'));
  say(`alarm wall, first paint of the patient rows (navigation start → rows): median ${median(wall).toFixed(0)} ms, max ${Math.max(...wall).toFixed(0)} ms`);
  const tiles: number[] = [];
  for (let i = 0; i < RUNS; i++) tiles.push(await timeToShow(page, `${hub.hubUrl}/#/`, '.tile'));
  say(`alarm wall, first tiles of ${city.monitored} monitored patients: median ${median(tiles).toFixed(0)} ms`);

  // 2,000 devices at 1 Hz through the real path: simulator → Mosquitto → hub (ingestion, alarms) → SignalR → this page.
  const sim = spawn(
    'dotnet',
    [SIM_DLL, 'load', '--devices', String(city.devices), '--rate', String(city.devices), '--connections', '4', '--duration', '0',
      '--device-prefix', city.devicePrefix, '--mqtt-host', hub.mqtt.host, '--mqtt-port', String(hub.mqtt.port)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
  );
  let simOut = '';
  sim.stdout.on('data', (d: Buffer) => (simOut = (simOut + d.toString()).slice(-2000)));
  sim.stderr.on('data', (d: Buffer) => (simOut = (simOut + d.toString()).slice(-2000)));
  try {
    await page.goto(`${hub.hubUrl}/#/`);
    await page.locator('.tile').first().waitFor({ timeout: 120_000 });
    await sleep(STREAM_WARMUP_S * 1000);
    const fresh = await page.locator('.tile[data-fresh="fresh"]').count();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // What the page receives: SignalR JSON messages in WebSocket frames, counted by target.
    let vitalsEvents = 0;
    let frames = 0;
    await cdp.send('Network.enable');
    cdp.on('Network.webSocketFrameReceived', (e) => {
      frames++;
      vitalsEvents += e.response.payloadData.split('"target":"vitals"').length - 1;
    });
    const m0 = await metrics(cdp);
    await sleep(STREAM_MEASURE_S * 1000);
    const m1 = await metrics(cdp);
    if (process.env.BENCH_PROFILE === '1') {
      // Where the main thread goes: 10 s of the V8 sampling profiler, the functions with most self time.
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
      await sleep(10_000);
      const { profile } = await cdp.send('Profiler.stop');
      const self = new Map<string, number>();
      const dt = (profile.endTime - profile.startTime) / Math.max(1, profile.samples?.length ?? 1);
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      for (const id of profile.samples ?? []) {
        const n = byId.get(id)!;
        const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
        self.set(key, (self.get(key) ?? 0) + dt);
      }
      const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
      for (const [k, us] of top) say(`  profile: ${(us / 1000 / 10).toFixed(1)} ms/s  ${k}`);
    }
    await cdp.detach();
    const wallSeconds = m1.Timestamp! - m0.Timestamp!;
    const cpu = (k: string) => (100 * (m1[k]! - m0[k]!)) / wallSeconds;
    say(`stream: ${city.devices} devices at 1 Hz; ${fresh} tiles on screen with a fresh reading after ${STREAM_WARMUP_S} s`);
    say(`the page received ${(vitalsEvents / wallSeconds).toFixed(0)} vitals events/s in ${(frames / wallSeconds).toFixed(0)} WebSocket frames/s`);
    say(
      `browser under the stream, ${wallSeconds.toFixed(0)} s: main thread busy ${cpu('TaskDuration').toFixed(1)} % of a core (script ${cpu('ScriptDuration').toFixed(1)} %, layout ${cpu('LayoutDuration').toFixed(1)} %, style ${cpu('RecalcStyleDuration').toFixed(1)} %) (goal < 25 %)`,
    );
    say(
      `JS heap ${(m1.JSHeapUsedSize! / 1048576).toFixed(1)} MB used / ${(m1.JSHeapTotalSize! / 1048576).toFixed(1)} MB total (goal < 300 MB); DOM elements ${await page.evaluate(() => document.getElementsByTagName('*').length)} (renderer nodes incl. detached ${m1.Nodes}); tiles in the DOM ${await page.locator('.tile').count()}`,
    );
  } finally {
    sim.kill('SIGINT');
    await sleep(500);
    if (sim.exitCode === null) sim.kill('SIGKILL');
  }
  say(`load generator's last words: ${simOut.trim().split('\n').slice(-2).join(' | ')}`);

  const out = resolve(REPO, 'artifacts/bench');
  mkdirSync(out, { recursive: true });
  const file = join(out, `dashboard-${new Date().toISOString().replace(/[:.]/g, '').slice(0, 15)}.md`);
  writeFileSync(file, `${lines.map((l) => `- ${l}`).join('\n')}\n`);
  console.log(`bench-dashboard: written ${file}`);
});
