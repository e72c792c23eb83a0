import type { Snapshot } from '../api/types';

export interface SnapshotSources {
  /** The hub method `GetSnapshot()` over the SignalR connection (API-NEEDS.md). */
  fromHub(): Promise<Snapshot>;
  /** The REST fallback: `GET /api/alarms?state=open` (no vitals). */
  fromApi(): Promise<Snapshot>;
}

export interface FetchedSnapshot {
  snapshot: Snapshot;
  /** Browser clock when the fetch started; see applySnapshot. */
  startedAt: number;
  source: 'hub' | 'api';
}

/**
 * The snapshot to re-sync from after a (re)connect: from the hub, or from the REST API when the
 * hub does not offer `GetSnapshot` (yet) or the call fails. Rejects only if both fail.
 */
export async function fetchSnapshot(sources: SnapshotSources, clock: () => number): Promise<FetchedSnapshot> {
  const startedAt = clock();
  try {
    const snapshot = await sources.fromHub();
    if (snapshot && Array.isArray(snapshot.alarms)) return { snapshot, startedAt, source: 'hub' };
  } catch {
    // fall through to the API
  }
  return { snapshot: await sources.fromApi(), startedAt, source: 'api' };
}
