import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from '../src/logic/route';
import { alarmMatches, isFiltering, parseWallFilters, patientMatches, toggleFilter, wallFiltersQuery } from '../src/logic/wallFilters';
import { alarm, patient } from './fixtures';

const ctx = { tierOf: (id: string) => (id === 'red-patient' ? 'red' : undefined) };

describe('wall filters in the URL', () => {
  it('reads tier, priority, kind and clinic, dropping values that cannot be', () => {
    const filters = parseWallFilters(new URLSearchParams('tier=red,purple&priority=high,high&kind=spo2_low&clinic=c-1&x=1'));
    expect(filters).toEqual({ tier: ['red'], priority: ['high'], kind: ['spo2_low'], clinic: ['c-1'] });
  });

  it('writes them back in a fixed order, so equal filters give equal URLs', () => {
    expect(wallFiltersQuery({ priority: ['low', 'high'], tier: ['green', 'red'] })).toBe('tier=red,green&priority=high,low');
    expect(wallFiltersQuery({})).toBe('');
  });

  it('round-trips through the hash route, the plain wall staying "#/"', () => {
    const route = parseRoute('#/?priority=high&kind=fever');
    expect(route).toEqual({ name: 'wall', filters: { priority: ['high'], kind: ['fever'] } });
    expect(routePath(route)).toBe('/?priority=high&kind=fever');
    expect(parseRoute('#/')).toEqual({ name: 'wall' });
    expect(routePath({ name: 'wall' })).toBe('/');
  });

  it('toggles a value on and off, and an empty dimension stops filtering', () => {
    const on = toggleFilter({}, 'tier', 'red');
    expect(on).toEqual({ tier: ['red'] });
    expect(isFiltering(toggleFilter(on, 'tier', 'red'))).toBe(false);
  });
});

describe('what a filter keeps', () => {
  it('keeps alarms matching every chosen dimension, the tier read from the registry first', () => {
    const filters = { tier: ['red'], priority: ['high'] };
    expect(alarmMatches(alarm({ id: 'a', patientId: 'red-patient' }), filters, ctx)).toBe(true);
    expect(alarmMatches(alarm({ id: 'b', patientId: 'red-patient', priority: 'low' }), filters, ctx)).toBe(false);
    expect(alarmMatches(alarm({ id: 'c', patientId: 'other', patientTier: 'red' }), filters, ctx)).toBe(true);
    expect(alarmMatches(alarm({ id: 'd', patientId: 'other' }), filters, ctx)).toBe(false);
  });

  it('keeps a tile by tier and clinic, and with an alarm filter only patients with a matching alarm', () => {
    const red = patient({ id: 'red-patient', riskTier: 'red' });
    expect(patientMatches(red, [], { tier: ['red'] }, ctx)).toBe(true);
    expect(patientMatches(red, [], { tier: ['green'] }, ctx)).toBe(false);
    expect(patientMatches(red, [], { clinic: ['c2'] }, ctx)).toBe(false);
    expect(patientMatches(red, [], { kind: ['fever'] }, ctx)).toBe(false);
    expect(patientMatches(red, [alarm({ id: 'f', patientId: 'red-patient', kind: 'fever' })], { kind: ['fever'] }, ctx)).toBe(true);
  });
});
