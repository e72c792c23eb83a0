import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/api/types';
import { nextRetryDelay, RETRY_DELAYS_MS } from '../src/realtime/retry';
import { fetchSnapshot } from '../src/logic/resync';
import { alarm } from './fixtures';

const hubSnapshot: Snapshot = { alarms: [alarm({ id: 'from-hub' })], vitals: [] };
const apiSnapshot: Snapshot = { alarms: [alarm({ id: 'from-api' })] };

describe('fetchSnapshot', () => {
  it('asks the hub first', async () => {
    const result = await fetchSnapshot({ fromHub: async () => hubSnapshot, fromApi: async () => apiSnapshot }, () => 42);
    expect(result).toEqual({ snapshot: hubSnapshot, startedAt: 42, source: 'hub' });
  });

  it('falls back to the REST list when the hub has no GetSnapshot', async () => {
    const result = await fetchSnapshot(
      { fromHub: () => Promise.reject(new Error("Method does not exist.")), fromApi: async () => apiSnapshot },
      () => 7,
    );
    expect(result.source).toBe('api');
    expect(result.snapshot.alarms[0]!.id).toBe('from-api');
  });

  it('falls back when the hub answers something that is not a snapshot', async () => {
    const result = await fetchSnapshot({ fromHub: async () => null as unknown as Snapshot, fromApi: async () => apiSnapshot }, () => 7);
    expect(result.source).toBe('api');
  });

  it('takes the start time before asking, so events during the fetch are kept', async () => {
    let clock = 100;
    const result = await fetchSnapshot(
      {
        fromHub: async () => {
          clock = 900;
          return hubSnapshot;
        },
        fromApi: async () => apiSnapshot,
      },
      () => clock,
    );
    expect(result.startedAt).toBe(100);
  });

  it('fails when both sources fail', async () => {
    await expect(
      fetchSnapshot({ fromHub: () => Promise.reject(new Error('a')), fromApi: () => Promise.reject(new Error('b')) }, () => 0),
    ).rejects.toThrow('b');
  });
});

describe('reconnect delays', () => {
  it('retries at once, then backs off to 30 s and never gives up', () => {
    expect(nextRetryDelay(0)).toBe(0);
    expect(nextRetryDelay(1)).toBe(2000);
    expect(nextRetryDelay(RETRY_DELAYS_MS.length - 1)).toBe(30000);
    expect(nextRetryDelay(10_000)).toBe(30000);
  });

  it('stops on 401: the session is over', () => {
    expect(nextRetryDelay(3, 401)).toBeNull();
  });
});
