import type { Alarm, AlarmKind, Metric, ReminderKind } from '../api/types';
import { ALARM_KINDS, REMINDER_KINDS, SYMPTOMS } from '../api/types';
import type { DurationWords, Messages } from '../i18n/messages';
import { DAY, HOUR, MINUTE, SECOND, toMillis } from './time';

/**
 * A span of time in words, coarse enough to read from across a room: seconds for the first
 * minute, then minutes, hours and minutes, days and hours.
 */
export function formatDuration(ms: number, words: DurationWords): string {
  const span = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  if (span < 5 * SECOND) return words.justNow;
  if (span < MINUTE) return words.seconds(Math.floor(span / SECOND));
  if (span < HOUR) return words.minutes(Math.floor(span / MINUTE));
  if (span < DAY) return words.hoursMinutes(Math.floor(span / HOUR), Math.floor((span % HOUR) / MINUTE));
  return words.daysHours(Math.floor(span / DAY), Math.floor((span % DAY) / HOUR));
}

/** Who acknowledged or resolved: a username, or the hub itself ("system", AlarmEffect.SystemActor). */
export function formatActor(who: string | null | undefined, t: Messages): string {
  if (!who) return '—';
  return who === 'system' ? t.alarm.systemActor : who;
}

/** How long ago: "刚刚" / "just now" for the first seconds, else "5 分钟前" / "5 min ago". */
export function formatAgo(ms: number, words: DurationWords): string {
  const span = formatDuration(ms, words);
  return span === words.justNow ? span : words.ago(span);
}

/** Decimals shown per metric: SpO2 and perfusion as measured (up to one), temperature always one, rates whole. */
export function formatNumber(metric: Metric, value: number): string {
  switch (metric) {
    case 'temp':
      return value.toFixed(1);
    case 'spo2':
    case 'pi': {
      const rounded = Math.round(value * 10) / 10;
      return Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1);
    }
    default:
      return Math.round(value).toFixed(0);
  }
}

/** A reading with its unit in the current language: "92%", "38.6 °C", "97 次/分" / "97 bpm". */
export function formatMetric(metric: Metric, value: number | null | undefined, t: Messages): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const unit = t.unit[metric];
  const number = formatNumber(metric, value);
  return unit === '%' ? `${number}%` : `${number} ${unit}`;
}

interface ValueRule {
  metric: Metric;
  relation: 'below' | 'above' | 'atOrBelow';
}

// Which reading each threshold alarm compares, and how (clinical-rules §2): SpO2 strictly below
// 93%, temperature strictly above 38.5 °C, battery at or below 15%.
const VALUE_RULES: Partial<Record<string, ValueRule>> = {
  spo2_low: { metric: 'spo2', relation: 'below' },
  fever: { metric: 'temp', relation: 'above' },
  fever_persistent: { metric: 'temp', relation: 'above' },
  battery_low: { metric: 'bat', relation: 'atOrBelow' },
};

const KNOWN_KINDS = new Set<string>(ALARM_KINDS);
const REMINDER_KIND_SET = new Set<string>(REMINDER_KINDS);

export function alarmKindName(kind: string, t: Messages): string {
  return KNOWN_KINDS.has(kind) ? t.alarmKind[kind as AlarmKind] : t.alarmKind.unknown(kind);
}

/** What the alarm measured, in words: "91%，低于 93%"; the symptom or device for event alarms. */
export function alarmValueText(alarm: Alarm, t: Messages): string | null {
  const rule = VALUE_RULES[alarm.kind];
  if (rule && alarm.value !== null && alarm.value !== undefined) {
    const value = formatMetric(rule.metric, alarm.value, t);
    if (alarm.threshold === null || alarm.threshold === undefined) return t.alarm.valueOnly(value);
    return t.alarm[rule.relation](value, formatMetric(rule.metric, alarm.threshold, t));
  }
  if (alarm.kind === 'symptom_reported' && alarm.detail) {
    const symptom = SYMPTOMS.find((s) => s === alarm.detail);
    return symptom ? t.symptom[symptom] : alarm.detail;
  }
  if (alarm.kind === 'device_silent' && alarm.detail) return t.alarm.device(alarm.detail);
  if (alarm.kind === 'ingest_data_lost' && alarm.value !== null && alarm.value !== undefined) return t.alarm.lost(String(alarm.value));
  if (REMINDER_KIND_SET.has(alarm.kind)) return t.reminderExplain[alarm.kind as ReminderKind];
  return alarm.detail ?? null;
}

/** Just the measured value of a threshold alarm ("88%"), for the wall's compact rows; other kinds as alarmValueText. */
export function alarmShortValue(alarm: Alarm, t: Messages): string | null {
  const rule = VALUE_RULES[alarm.kind];
  if (rule && alarm.value !== null && alarm.value !== undefined) return formatMetric(rule.metric, alarm.value, t);
  return alarmValueText(alarm, t);
}

/** The worst value of a threshold alarm when it differs from the newest one, e.g. "最差 88%". */
export function alarmWorstText(alarm: Alarm, t: Messages): string | null {
  const rule = VALUE_RULES[alarm.kind];
  if (!rule || alarm.worstValue === null || alarm.worstValue === undefined || alarm.worstValue === alarm.value) return null;
  return t.alarm.worst(formatMetric(rule.metric, alarm.worstValue, t));
}

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = partsCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    partsCache.set(key, f);
  }
  return f;
}

function parts(ms: number, timeZone: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) out[p.type] = p.value;
  return out;
}

/**
 * "2026-11-22 08:05": the same unambiguous numeric form in both languages, 24-hour clock, in the
 * clinic's time zone when known (the browser's otherwise).
 */
export function formatDateTime(t: string | number | null | undefined, timeZone?: string): string {
  const ms = toMillis(t);
  if (Number.isNaN(ms)) return '—';
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function formatClock(t: string | number | null | undefined, timeZone?: string, seconds = false): string {
  const ms = toMillis(t);
  if (Number.isNaN(ms)) return '—';
  const p = parts(ms, timeZone);
  return seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

export function formatDate(t: string | number | null | undefined, timeZone?: string): string {
  if (typeof t === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  const ms = toMillis(t);
  if (Number.isNaN(ms)) return '—';
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** An `every` bucket size as words ("15 分钟" / "15 min"). */
export function formatEvery(every: string, t: Messages): string {
  const m = /^(\d+)([smhd])$/.exec(every);
  if (!m) return every;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const ms = n * { s: SECOND, m: MINUTE, h: HOUR, d: DAY }[unit as 's' | 'm' | 'h' | 'd'];
  return formatDuration(ms, t.duration);
}
