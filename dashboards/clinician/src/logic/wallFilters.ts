import type { Alarm, Patient } from '../api/types';
import { PRIORITIES, TIERS } from '../api/types';

// The alarm wall's filters, kept in the URL (#/?tier=red,yellow&priority=high&kind=spo2_low&clinic=…)
// so a reload or a shared link shows the same wall. Each filter is one dimension below: a URL
// parameter, the values it may take, and how to read it off an alarm and off a monitored patient.
// Another filter is one more entry (the grid team was one).

export interface FilterContext {
  /** The patient's tier as the registry says now (an alarm carries the tier it was raised with). */
  tierOf(patientId: string): string | undefined;
  /** The patient's grid team (包保小分队, seed 004 §7) from the patient directory; an alarm carries none. */
  teamOf(patientId: string): string | null | undefined;
}

interface Dimension {
  /** The URL parameter; several values are comma-separated. */
  param: string;
  /** The values it may take; null: any non-empty code (kinds the dashboard does not know yet). */
  values: readonly string[] | null;
  ofAlarm(alarm: Alarm, ctx: FilterContext): string | null | undefined;
  /** Null when the dimension says nothing about a patient without alarms (priority, kind). */
  ofPatient: ((patient: Patient) => string | null | undefined) | null;
}

export const WALL_DIMENSIONS = {
  tier: {
    param: 'tier',
    values: TIERS,
    ofAlarm: (a, ctx) => ctx.tierOf(a.patientId) ?? a.patientTier,
    ofPatient: (p) => p.riskTier,
  },
  priority: { param: 'priority', values: PRIORITIES, ofAlarm: (a) => a.priority, ofPatient: null },
  kind: { param: 'kind', values: null, ofAlarm: (a) => a.kind, ofPatient: null },
  clinic: { param: 'clinic', values: null, ofAlarm: (a) => a.clinicId, ofPatient: (p) => p.clinicId },
  team: { param: 'team', values: null, ofAlarm: (a, ctx) => ctx.teamOf(a.patientId), ofPatient: (p) => p.teamId },
} satisfies Record<string, Dimension>;

export type WallDimension = keyof typeof WALL_DIMENSIONS;
export const WALL_DIMENSION_NAMES = Object.keys(WALL_DIMENSIONS) as WallDimension[];

/** Chosen values per dimension; a dimension absent (or empty) does not filter. */
export type WallFilters = Partial<Record<WallDimension, readonly string[]>>;

const CODE = /^[A-Za-z0-9_-]{1,64}$/;

export function parseWallFilters(query: URLSearchParams): WallFilters {
  const filters: WallFilters = {};
  for (const name of WALL_DIMENSION_NAMES) {
    const dim: Dimension = WALL_DIMENSIONS[name];
    const raw = query.get(dim.param);
    if (!raw) continue;
    const values = [...new Set(raw.split(','))].filter((v) => (dim.values ? dim.values.includes(v) : CODE.test(v)));
    if (values.length > 0) filters[name] = values;
  }
  return filters;
}

/** The query string ("" when nothing filters), in a fixed order so equal filters give equal URLs. */
export function wallFiltersQuery(filters: WallFilters): string {
  const params = new URLSearchParams();
  for (const name of WALL_DIMENSION_NAMES) {
    const values = filters[name];
    if (!values || values.length === 0) continue;
    const dim: Dimension = WALL_DIMENSIONS[name];
    const ordered = dim.values ? dim.values.filter((v) => values.includes(v)) : [...values].sort();
    params.set(dim.param, ordered.join(','));
  }
  return params.toString().replace(/%2C/g, ',');
}

export function isFiltering(filters: WallFilters): boolean {
  return WALL_DIMENSION_NAMES.some((n) => (filters[n]?.length ?? 0) > 0);
}

export function toggleFilter(filters: WallFilters, name: WallDimension, value: string): WallFilters {
  const current = filters[name] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  const copy: WallFilters = { ...filters };
  if (next.length > 0) copy[name] = next;
  else delete copy[name];
  return copy;
}

export function setFilter(filters: WallFilters, name: WallDimension, values: readonly string[]): WallFilters {
  const copy: WallFilters = { ...filters };
  if (values.length > 0) copy[name] = values;
  else delete copy[name];
  return copy;
}

export function alarmMatches(alarm: Alarm, filters: WallFilters, ctx: FilterContext): boolean {
  for (const name of WALL_DIMENSION_NAMES) {
    const values = filters[name];
    if (!values || values.length === 0) continue;
    const dim: Dimension = WALL_DIMENSIONS[name];
    const v = dim.ofAlarm(alarm, ctx);
    if (v == null || !values.includes(v)) return false;
  }
  return true;
}

/**
 * A monitored patient's tile stays when the patient-level filters (tier, clinic, team) hold; with an alarm
 * filter (priority, kind) only patients with a matching open alarm stay.
 */
export function patientMatches(patient: Patient, alarms: readonly Alarm[], filters: WallFilters, ctx: FilterContext): boolean {
  let alarmFilter = false;
  for (const name of WALL_DIMENSION_NAMES) {
    const values = filters[name];
    if (!values || values.length === 0) continue;
    const dim: Dimension = WALL_DIMENSIONS[name];
    if (dim.ofPatient === null) {
      alarmFilter = true;
      continue;
    }
    const v = dim.ofPatient(patient);
    if (v == null || !values.includes(v)) return false;
  }
  return !alarmFilter || alarms.some((a) => alarmMatches(a, filters, ctx));
}
