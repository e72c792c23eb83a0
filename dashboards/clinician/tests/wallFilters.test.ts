import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from '../src/logic/route';
import { alarmMatches, isFiltering, parseWallFilters, patientMatches, toggleFilter, wallFiltersQuery } from '../src/logic/wallFilters';
import { alarm, patient } from './fixtures';

const TEAMS: Record<string, string> = { 'red-patient': 'team-east', 'east-patient': 'team-east', 'west-patient': 'team-west' };
const ctx = { tierOf: (id: string) => (id === 'red-patient' ? 'red' : undefined), teamOf: (id: string) => TEAMS[id] };
const EAST = '6f1c2a4e-0d3b-4c55-9a7e-2b8f01d4e9a1';

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

  it('round-trips a grid team (a uuid) with the other filters, and drops one that is not a code', () => {
    const route = parseRoute(`#/?tier=red&team=${EAST}`);
    expect(route).toEqual({ name: 'wall', filters: { tier: ['red'], team: [EAST] } });
    expect(routePath(route)).toBe(`/?tier=red&team=${EAST}`);
    expect(parseWallFilters(new URLSearchParams('team=a%20b;drop'))).toEqual({});
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

  it('keeps only the chosen grid team\'s patients\' alarms and tiles, the team read from the patient directory', () => {
    const team = { team: ['team-east'] };
    expect(alarmMatches(alarm({ id: 'e', patientId: 'east-patient' }), team, ctx)).toBe(true);
    expect(alarmMatches(alarm({ id: 'w', patientId: 'west-patient' }), team, ctx)).toBe(false);
    expect(alarmMatches(alarm({ id: 'n', patientId: 'no-team-patient' }), team, ctx)).toBe(false);
    expect(alarmMatches(alarm({ id: 'r', patientId: 'red-patient', priority: 'low' }), { ...team, priority: ['high'] }, ctx)).toBe(false);

    expect(patientMatches(patient({ id: 'east-patient', teamId: 'team-east' }), [], team, ctx)).toBe(true);
    expect(patientMatches(patient({ id: 'west-patient', teamId: 'team-west' }), [], team, ctx)).toBe(false);
    expect(patientMatches(patient({ id: 'no-team-patient', teamId: null }), [], team, ctx)).toBe(false);
  });
});
