import { describe, expect, it } from 'vitest';
import { handoverView } from '../src/logic/handover';
import { alarm } from './fixtures';

const now = Date.parse('2026-11-22T20:00:00Z');

describe('shift handover', () => {
  const open = [
    alarm({ id: 'o1', priority: 'low', raisedAt: '2026-11-22T10:00:00Z' }),
    alarm({ id: 'o2', priority: 'high', state: 'acknowledged', acknowledgedBy: 'li', acknowledgedAt: '2026-11-22T19:00:00Z' }),
  ];
  const acknowledged = [
    open[1]!,
    alarm({ id: 'old-ack', state: 'acknowledged', acknowledgedBy: 'wang', acknowledgedAt: '2026-11-22T02:00:00Z' }),
  ];
  const resolved = [
    alarm({ id: 'r1', state: 'resolved', acknowledgedBy: 'zhao', acknowledgedAt: '2026-11-22T15:00:00Z', resolvedAt: '2026-11-22T16:00:00Z', resolvedBy: 'zhao' }),
    alarm({ id: 'r-old', state: 'resolved', resolvedAt: '2026-11-21T16:00:00Z' }),
  ];

  it('lists everything open, most urgent first', () => {
    expect(handoverView([open, acknowledged, resolved], now, 12).open.map((a) => a.id)).toEqual(['o2', 'old-ack', 'o1']);
  });

  it('lists what was acknowledged in the period, newest first, with who', () => {
    const view = handoverView([open, acknowledged, resolved], now, 12);
    expect(view.acknowledged.map((a) => [a.id, a.acknowledgedBy])).toEqual([
      ['o2', 'li'],
      ['r1', 'zhao'],
    ]);
  });

  it('lists what was resolved in the period only', () => {
    expect(handoverView([open, acknowledged, resolved], now, 12).resolved.map((a) => a.id)).toEqual(['r1']);
    expect(handoverView([open, acknowledged, resolved], now, 48).resolved.map((a) => a.id)).toEqual(['r1', 'r-old']);
  });

  it('counts an alarm once, in its newest copy', () => {
    const stale = alarm({ id: 'x', state: 'active' });
    const fresh = alarm({ id: 'x', state: 'resolved', resolvedAt: '2026-11-22T19:30:00Z' });
    const view = handoverView([[stale], [fresh]], now, 12);
    expect(view.open).toHaveLength(0);
    expect(view.resolved.map((a) => a.id)).toEqual(['x']);
  });
});
