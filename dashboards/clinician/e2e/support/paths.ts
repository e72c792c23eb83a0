import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository checkout these tests run in (the folder holding Monitoring.sln). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'Monitoring.sln'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the browser tests must run from a checkout (no Monitoring.sln above them)');
    dir = parent;
  }
  return dir;
}

export const REPO = repoRoot();
export const DASHBOARD_DIST = resolve(REPO, 'dashboards/clinician/dist');
export const HUB_DLL = resolve(REPO, 'src/Monitoring.Hub/bin/Release/net10.0/Monitoring.Hub.dll');
/** Screenshots, the hub's log and Playwright's own output: CI keeps this folder. */
export const ARTIFACTS = resolve(REPO, 'artifacts/e2e');
/** The run's state (hub address and pid, accounts, device secrets): git-ignored, never an artifact. */
export const STATE_DIR = resolve(REPO, '.local/e2e');
export const STATE_FILE = join(STATE_DIR, 'state.json');
