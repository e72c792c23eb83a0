import type { Alarm, Patient, Priority, Tier } from '../api/types';

const PRIORITY_RANK: Record<Priority, number> = { high: 0, medium: 1, low: 2 };
const TIER_RANK: Record<Tier, number> = { red: 0, yellow: 1, green: 2 };

/** Tile order: patients with the most urgent open alarm first, then red, yellow, green, then by name. */
export function sortTiles(
  patients: readonly Patient[],
  alarmsByPatient: ReadonlyMap<string, readonly Alarm[]>,
  locale: string,
): Patient[] {
  const urgency = (p: Patient) => {
    const list = alarmsByPatient.get(p.id) ?? [];
    return list.reduce((best, a) => Math.min(best, PRIORITY_RANK[a.priority] ?? 3), 3);
  };
  return [...patients].sort(
    (a, b) =>
      urgency(a) - urgency(b) ||
      (TIER_RANK[a.riskTier] ?? 3) - (TIER_RANK[b.riskTier] ?? 3) ||
      a.name.localeCompare(b.name, locale),
  );
}
