/**
 * Milliseconds since the epoch of an API time: ISO-8601 text (every API time) or a number, read
 * as UNIX seconds below 1e12 and as milliseconds above (SenML times are seconds, RFC 8428 §4.5.3).
 * NaN when unreadable.
 */
export function toMillis(t: string | number | null | undefined): number {
  if (t === null || t === undefined) return Number.NaN;
  if (typeof t === 'number') return t < 1e12 ? t * 1000 : t;
  const trimmed = t.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return toMillis(Number(trimmed));
  return Date.parse(trimmed);
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
