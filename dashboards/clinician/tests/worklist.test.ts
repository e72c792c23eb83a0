import { describe, expect, it } from 'vitest';
import type { FollowUp, WorklistEntry } from '../src/api/types';
import {
  compareEntries,
  contactBody,
  contactFormErrors,
  followUpState,
  localDate,
  MAX_NOTE_LENGTH,
  MAX_OUTCOME_LENGTH,
  needsAction,
  totalCounts,
  worklistView,
} from '../src/logic/worklist';

const TODAY = '2026-11-22';

function followUp(over: Partial<FollowUp> = {}): FollowUp {
  return {
    id: 'f1',
    patientId: 'p1',
    patientName: '张三',
    clinicId: 'c1',
    tier: 'yellow',
    episodeId: 'e1',
    dueOn: TODAY,
    status: 'due',
    daysOverdue: 0,
    ...over,
  };
}

function entry(over: Partial<WorklistEntry> & { patientId: string }): WorklistEntry {
  return {
    patientName: over.patientId,
    clinicId: 'c1',
    tier: 'yellow',
    inHomeTreatment: true,
    followUp: null,
    cadence: { week: '2026-W47', contacts: 2, required: 2, shortfall: 0, behind: false },
    endCriteriaMet: false,
    ...over,
  };
}

const behind = (contacts: number, required: number) => ({
  week: '2026-W47',
  contacts,
  required,
  shortfall: Math.max(0, required - contacts),
  behind: contacts < required,
});

describe('worklist: where a follow-up stands', () => {
  it('is overdue when the hub says so, due today on its day, upcoming after', () => {
    expect(followUpState(entry({ patientId: 'a', followUp: followUp({ status: 'overdue', daysOverdue: 2, dueOn: '2026-11-20' }) }), TODAY)).toBe('overdue');
    expect(followUpState(entry({ patientId: 'b', followUp: followUp({ dueOn: TODAY }) }), TODAY)).toBe('dueToday');
    expect(followUpState(entry({ patientId: 'c', followUp: followUp({ dueOn: '2026-11-25' }) }), TODAY)).toBe('upcoming');
  });

  it('has no state without an open follow-up', () => {
    expect(followUpState(entry({ patientId: 'a' }), TODAY)).toBeNull();
    expect(followUpState(entry({ patientId: 'b', followUp: followUp({ status: 'done' }) }), TODAY)).toBeNull();
  });

  it('trusts the day count even when the browser date lags the clinic', () => {
    // The hub's clinic-local day has ended; a browser in another zone may still think it is that day.
    expect(followUpState(entry({ patientId: 'a', followUp: followUp({ status: 'due', daysOverdue: 1, dueOn: TODAY }) }), TODAY)).toBe('overdue');
  });

  it('needs action for due and overdue follow-ups, contacts behind and end criteria met, not for later follow-ups', () => {
    expect(needsAction(entry({ patientId: 'a', followUp: followUp({ dueOn: '2026-11-25' }) }), TODAY)).toBe(false);
    expect(needsAction(entry({ patientId: 'b', followUp: followUp() }), TODAY)).toBe(true);
    expect(needsAction(entry({ patientId: 'c', cadence: behind(1, 3) }), TODAY)).toBe(true);
    expect(needsAction(entry({ patientId: 'd', endCriteriaMet: true }), TODAY)).toBe(true);
    expect(needsAction(entry({ patientId: 'e' }), TODAY)).toBe(false);
  });
});

describe('worklist: order', () => {
  const sort = (list: WorklistEntry[]) => [...list].sort((a, b) => compareEntries(a, b, TODAY, 'zh-CN')).map((e) => e.patientId);

  it('puts red first, then the most overdue', () => {
    expect(
      sort([
        entry({ patientId: 'yellow-overdue-5', followUp: followUp({ status: 'overdue', daysOverdue: 5 }) }),
        entry({ patientId: 'red-due-today', tier: 'red', followUp: followUp() }),
        entry({ patientId: 'red-overdue-1', tier: 'red', followUp: followUp({ status: 'overdue', daysOverdue: 1 }) }),
        entry({ patientId: 'red-overdue-3', tier: 'red', followUp: followUp({ status: 'overdue', daysOverdue: 3 }) }),
        entry({ patientId: 'green-overdue-9', tier: 'green', followUp: followUp({ status: 'overdue', daysOverdue: 9 }) }),
      ]),
    ).toEqual(['red-overdue-3', 'red-overdue-1', 'red-due-today', 'yellow-overdue-5', 'green-overdue-9']);
  });

  it('puts due today before later, then the largest contact shortfall, then the earliest due date', () => {
    expect(
      sort([
        entry({ patientId: 'later', followUp: followUp({ dueOn: '2026-11-24' }) }),
        entry({ patientId: 'sooner', followUp: followUp({ dueOn: '2026-11-23' }) }),
        entry({ patientId: 'none-short-1', cadence: behind(1, 2) }),
        entry({ patientId: 'today', followUp: followUp() }),
        entry({ patientId: 'later-short-2', followUp: followUp({ dueOn: '2026-11-24' }), cadence: behind(0, 2) }),
      ]),
    ).toEqual(['today', 'later-short-2', 'sooner', 'later', 'none-short-1']);
  });

  it('breaks ties by name, so the order does not jump between refreshes', () => {
    const list = [entry({ patientId: 'p2', patientName: '王五' }), entry({ patientId: 'p1', patientName: '李四' })];
    expect(sort(list)).toEqual(sort([...list].reverse()));
  });
});

describe('worklist: view per clinic', () => {
  const entries = [
    entry({ patientId: 'c2-overdue', clinicId: 'c2', followUp: followUp({ status: 'overdue', daysOverdue: 1 }) }),
    entry({ patientId: 'c1-later', followUp: followUp({ dueOn: '2026-11-30' }) }),
    entry({ patientId: 'c1-behind', tier: 'red', cadence: behind(0, 3) }),
    entry({ patientId: 'c1-end', endCriteriaMet: true }),
    entry({ patientId: 'c1-today', followUp: followUp() }),
  ];
  const names: Record<string, string> = { c1: 'A 社区', c2: 'B 卫生院' };
  const options = { todayOf: () => TODAY, lang: 'zh-CN', clinicName: (id: string) => names[id] };

  it('groups by clinic name and lists only what needs doing today, most urgent first', () => {
    const groups = worklistView(entries, { ...options, showAll: false });
    expect(groups.map((g) => g.clinicId)).toEqual(['c1', 'c2']);
    expect(groups[0]!.entries.map((e) => e.patientId)).toEqual(['c1-behind', 'c1-today', 'c1-end']);
    expect(groups[1]!.entries.map((e) => e.patientId)).toEqual(['c2-overdue']);
  });

  it('lists everyone on request', () => {
    const groups = worklistView(entries, { ...options, showAll: true });
    expect(groups[0]!.entries.map((e) => e.patientId)).toContain('c1-later');
  });

  it('counts what is due per clinic and in all', () => {
    const groups = worklistView(entries, { ...options, showAll: false });
    expect(groups[0]!.counts).toEqual({ overdue: 0, dueToday: 1, cadenceBehind: 1, endCriteriaMet: 1 });
    expect(totalCounts(groups)).toEqual({ overdue: 1, dueToday: 1, cadenceBehind: 1, endCriteriaMet: 1 });
  });

  it('uses each clinic its own today', () => {
    const followUpOn23 = [entry({ patientId: 'x', clinicId: 'east', followUp: followUp({ dueOn: '2026-11-23' }) })];
    expect(worklistView(followUpOn23, { ...options, showAll: false, todayOf: () => '2026-11-23' })[0]!.entries).toHaveLength(1);
    expect(worklistView(followUpOn23, { ...options, showAll: false, todayOf: () => '2026-11-22' })[0]!.entries).toHaveLength(0);
  });
});

describe('worklist: clinic-local date', () => {
  it('is the date in the clinic zone, not the browser one', () => {
    const lateUtc = Date.parse('2026-11-22T17:00:00Z');
    expect(localDate(lateUtc, 'Asia/Shanghai')).toBe('2026-11-23');
    expect(localDate(lateUtc, 'UTC')).toBe('2026-11-22');
  });

  it('falls back to the browser zone for a zone it does not know', () => {
    expect(localDate(Date.parse('2026-11-22T12:00:00Z'), 'Mars/Olympus')).toMatch(/^2026-11-2[123]$/);
  });
});

describe('worklist: completion form', () => {
  it('asks for a channel and an outcome, the note is optional', () => {
    expect(contactFormErrors({ channel: '', outcome: ' ', note: '' }, true)).toEqual({ channel: 'required', outcome: 'required' });
    expect(contactFormErrors({ channel: 'wechat', outcome: '体温正常', note: '' }, true)).toEqual({});
  });

  it('needs no outcome for a plain contact', () => {
    expect(contactFormErrors({ channel: 'phone', note: '' }, false)).toEqual({});
  });

  it('refuses what the hub would refuse as too long', () => {
    expect(contactFormErrors({ channel: 'visit', outcome: 'x'.repeat(MAX_OUTCOME_LENGTH + 1), note: 'y'.repeat(MAX_NOTE_LENGTH + 1) }, true)).toEqual({
      outcome: 'tooLong',
      note: 'tooLong',
    });
    expect(contactFormErrors({ channel: 'visit', outcome: 'x'.repeat(MAX_OUTCOME_LENGTH), note: '' }, true)).toEqual({});
  });

  it('sends trimmed text and leaves an empty note out', () => {
    expect(contactBody({ channel: 'video', outcome: '  好转 ', note: '  ' })).toEqual({ channel: 'video', outcome: '好转' });
    expect(contactBody({ channel: 'phone', note: ' 已提醒测体温 ' })).toEqual({ channel: 'phone', note: '已提醒测体温' });
  });
});
