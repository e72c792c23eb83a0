import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ARTIFACTS, HUB_DLL } from './paths';

/**
 * The real hub as its own process (`dotnet Monitoring.Hub.dll`, configured by environment
 * variables like a deployment). Global setup starts it; the restart test stops and starts it
 * again from a test worker, so all that is shared is the pid (in the state file) and the log.
 */
export const HUB_LOG = join(ARTIFACTS, 'hub.log');

/** True while `pid` is a live process (a zombie counts as gone). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = /^\d+ \(.*\) (\S)/s.exec(stat)?.[1];
    return state !== undefined && state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Only a process running our hub assembly is ever signalled (a reused pid is left alone). */
function isOurHub(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(HUB_DLL);
  } catch {
    return false;
  }
}

export function startHub(env: Record<string, string>): number {
  if (!existsSync(HUB_DLL)) throw new Error(`${HUB_DLL} is missing: build first (dotnet build Monitoring.sln -c Release)`);
  mkdirSync(dirname(HUB_LOG), { recursive: true });
  const log = openSync(HUB_LOG, 'a');
  try {
    const child = spawn('dotnet', [HUB_DLL], {
      cwd: dirname(HUB_DLL),
      env: { ...process.env, ...env },
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.unref();
    if (child.pid === undefined) throw new Error('dotnet did not start');
    return child.pid;
  } finally {
    closeSync(log);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM (a normal shutdown), SIGKILL after `graceMs`; waits until the process is gone. */
export async function stopHub(pid: number, graceMs = 30_000): Promise<void> {
  if (!alive(pid) || !isOurHub(pid)) return;
  process.kill(pid, 'SIGTERM');
  const until = Date.now() + graceMs;
  while (alive(pid) && Date.now() < until) await sleep(200);
  if (alive(pid)) {
    process.kill(pid, 'SIGKILL');
    while (alive(pid)) await sleep(200);
  }
}

/**
 * Waits until /health/ready answers 200 and the broker check says ingestion is subscribed (device
 * messages flow), failing early with the log's tail when the process exits.
 */
export async function waitUntilReady(url: string, pid: number, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (!alive(pid)) throw new Error(`the hub (pid ${pid}) exited while starting; its log:\n${tail()}`);
    try {
      const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5000) });
      last = await response.text();
      if (response.status === 200 && last.includes('subscribed')) return;
    } catch (error) {
      last = String(error);
    }
    await sleep(500);
  }
  throw new Error(`the hub did not become ready within ${timeoutMs / 1000} s; last answer: ${last}\n${tail()}`);
}

export function tail(lines = 40): string {
  try {
    return readFileSync(HUB_LOG, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
