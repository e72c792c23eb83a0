import type { Channel, Tier, WorklistEntry } from '../api/types';
import { CHANNELS } from '../api/types';

/**
 * The follow-up worklist (clinical-rules §3; docs/scheduling.md): which patient needs a call,
 * WeChat, video or visit now. The hub lists every patient in home treatment or of tier yellow/red
 * with their open follow-up and this week's contact count; this decides what needs doing today
 * and in what order.
 */

/** Where a patient's open follow-up stands on the clinic's today. */
export type FollowUpState = 'overdue' | 'dueToday' | 'upcoming';

/** The same bounds as the hub's FollowUpsApi, so the form refuses what the hub would. */
export const MAX_OUTCOME_LENGTH = 500;
export const MAX_NOTE_LENGTH = 2000;

const TIER_RANK: Record<Tier, number> = { red: 0, yellow: 1, green: 2 };
const STATE_RANK: Record<FollowUpState | 'none', number> = { overdue: 0, dueToday: 1, upcoming: 2, none: 3 };

/** "YYYY-MM-DD" of `now` in `timeZone` (the clinic's; the browser's when unknown). */
export function localDate(now: number, timeZone?: string): string {
  const format = (zone: string | undefined) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
  try {
    return format(timeZone);
  } catch {
    // An IANA id this browser does not know: the browser's own zone is the best guess.
    return format(undefined);
  }
}

/**
 * The open follow-up's state on `today` (clinic-local): overdue once its due day has ended (the
 * hub says so, and its day count is trusted), due today, or later. Null without an open one.
 */
export function followUpState(entry: WorklistEntry, today: string): FollowUpState | null {
  const f = entry.followUp;
  if (!f || (f.status !== 'due' && f.status !== 'overdue')) return null;
  if (f.status === 'overdue' || f.daysOverdue > 0) return 'overdue';
  return f.dueOn <= today ? 'dueToday' : 'upcoming';
}

/** Something to do today: a follow-up due or overdue, contacts behind this week, or end criteria to act on. */
export function needsAction(entry: WorklistEntry, today: string): boolean {
  const state = followUpState(entry, today);
  return state === 'overdue' || state === 'dueToday' || entry.cadence.behind || entry.endCriteriaMet;
}

/**
 * Most urgent first: red before yellow before green (the tier is the patient's risk), then the
 * most overdue follow-up, then due today before later, then the largest contact shortfall, then
 * the earliest due date, then by name in the page's language, then id (a stable order).
 */
export function compareEntries(a: WorklistEntry, b: WorklistEntry, today: string, lang: string): number {
  const stateA = followUpState(a, today) ?? 'none';
  const stateB = followUpState(b, today) ?? 'none';
  return (
    TIER_RANK[a.tier] - TIER_RANK[b.tier] ||
    (stateB === 'overdue' ? b.followUp!.daysOverdue : -1) - (stateA === 'overdue' ? a.followUp!.daysOverdue : -1) ||
    STATE_RANK[stateA] - STATE_RANK[stateB] ||
    b.cadence.shortfall - a.cadence.shortfall ||
    (a.followUp?.dueOn ?? '9999-12-31').localeCompare(b.followUp?.dueOn ?? '9999-12-31') ||
    a.patientName.localeCompare(b.patientName, lang) ||
    a.patientId.localeCompare(b.patientId)
  );
}

export interface WorklistCounts {
  overdue: number;
  dueToday: number;
  cadenceBehind: number;
  endCriteriaMet: number;
}

export interface WorklistGroup {
  clinicId: string;
  today: string;
  entries: WorklistEntry[];
  counts: WorklistCounts;
}

export interface WorklistOptions {
  /** Clinic-local today of each clinic. */
  todayOf: (clinicId: string) => string;
  /** Also list patients with nothing to do today (e.g. a follow-up due later). */
  showAll: boolean;
  lang: string;
  /** Clinic names, to order the groups; unknown clinics go last. */
  clinicName?: (clinicId: string) => string | undefined;
}

function countsOf(entries: readonly WorklistEntry[], today: string): WorklistCounts {
  const counts: WorklistCounts = { overdue: 0, dueToday: 0, cadenceBehind: 0, endCriteriaMet: 0 };
  for (const e of entries) {
    const state = followUpState(e, today);
    if (state === 'overdue') counts.overdue++;
    if (state === 'dueToday') counts.dueToday++;
    if (e.cadence.behind) counts.cadenceBehind++;
    if (e.endCriteriaMet) counts.endCriteriaMet++;
  }
  return counts;
}

/** One group per clinic (by name), each sorted most urgent first, with what is due counted over the whole clinic. */
export function worklistView(entries: readonly WorklistEntry[], options: WorklistOptions): WorklistGroup[] {
  const byClinic = new Map<string, WorklistEntry[]>();
  for (const e of entries) {
    const list = byClinic.get(e.clinicId);
    if (list) list.push(e);
    else byClinic.set(e.clinicId, [e]);
  }
  const groups = [...byClinic].map(([clinicId, list]) => {
    const today = options.todayOf(clinicId);
    const shown = options.showAll ? list : list.filter((e) => needsAction(e, today));
    return {
      clinicId,
      today,
      entries: shown.sort((a, b) => compareEntries(a, b, today, options.lang)),
      counts: countsOf(list, today),
    };
  });
  const name = (id: string) => options.clinicName?.(id);
  return groups.sort((a, b) => {
    const na = name(a.clinicId);
    const nb = name(b.clinicId);
    if (na !== undefined && nb !== undefined) return na.localeCompare(nb, options.lang) || a.clinicId.localeCompare(b.clinicId);
    if (na !== undefined) return -1;
    if (nb !== undefined) return 1;
    return a.clinicId.localeCompare(b.clinicId);
  });
}

export function totalCounts(groups: readonly WorklistGroup[]): WorklistCounts {
  return groups.reduce<WorklistCounts>(
    (sum, g) => ({
      overdue: sum.overdue + g.counts.overdue,
      dueToday: sum.dueToday + g.counts.dueToday,
      cadenceBehind: sum.cadenceBehind + g.counts.cadenceBehind,
      endCriteriaMet: sum.endCriteriaMet + g.counts.endCriteriaMet,
    }),
    { overdue: 0, dueToday: 0, cadenceBehind: 0, endCriteriaMet: 0 },
  );
}

export type ContactFormError = 'required' | 'tooLong';

export interface ContactForm {
  channel: Channel | '';
  /** Only for completing a follow-up (what came of it); a plain contact has none. */
  outcome?: string;
  note: string;
}

/** What the completion (or contact) form must fix before it is sent: the hub's own rules. */
export function contactFormErrors(form: ContactForm, withOutcome: boolean): Partial<Record<'channel' | 'outcome' | 'note', ContactFormError>> {
  const errors: Partial<Record<'channel' | 'outcome' | 'note', ContactFormError>> = {};
  if (!CHANNELS.some((c) => c === form.channel)) errors.channel = 'required';
  if (withOutcome) {
    const outcome = (form.outcome ?? '').trim();
    if (outcome === '') errors.outcome = 'required';
    else if (outcome.length > MAX_OUTCOME_LENGTH) errors.outcome = 'tooLong';
  }
  if (form.note.trim().length > MAX_NOTE_LENGTH) errors.note = 'tooLong';
  return errors;
}

/** The request body: trimmed, an empty note left out. */
export function contactBody(form: ContactForm): { channel: Channel; outcome?: string; note?: string } {
  const note = form.note.trim();
  const outcome = form.outcome?.trim();
  return {
    channel: form.channel as Channel,
    ...(outcome !== undefined ? { outcome } : {}),
    ...(note !== '' ? { note } : {}),
  };
}
