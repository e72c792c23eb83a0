import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en';
import { zhCN } from '../src/i18n/zh-CN';
import {
  alarmKindName,
  alarmValueText,
  alarmWorstText,
  formatActor,
  formatAgo,
  formatClock,
  formatDate,
  formatDateTime,
  formatDuration,
  formatEvery,
  formatMetric,
} from '../src/logic/format';
import { DAY, HOUR, MINUTE, SECOND } from '../src/logic/time';
import { alarm } from './fixtures';

describe('formatDuration', () => {
  it.each([
    [0, '刚刚', 'just now'],
    [4 * SECOND, '刚刚', 'just now'],
    [45 * SECOND, '45 秒', '45 s'],
    [MINUTE, '1 分钟', '1 min'],
    [59 * MINUTE + 59 * SECOND, '59 分钟', '59 min'],
    [HOUR + 5 * MINUTE, '1 小时 5 分', '1 h 5 min'],
    [23 * HOUR + 59 * MINUTE, '23 小时 59 分', '23 h 59 min'],
    [3 * DAY + 2 * HOUR, '3 天 2 小时', '3 d 2 h'],
  ])('%i ms reads "%s" / "%s"', (ms, zh, english) => {
    expect(formatDuration(ms, zhCN.duration)).toBe(zh);
    expect(formatDuration(ms, en.duration)).toBe(english);
  });

  it('treats negative spans (clock skew) and NaN as just now', () => {
    expect(formatDuration(-5000, zhCN.duration)).toBe('刚刚');
    expect(formatDuration(Number.NaN, en.duration)).toBe('just now');
  });
});

describe('formatAgo', () => {
  it('says just now without "ago" and adds it to longer spans', () => {
    expect(formatAgo(1000, zhCN.duration)).toBe('刚刚');
    expect(formatAgo(1000, en.duration)).toBe('just now');
    expect(formatAgo(5 * MINUTE, zhCN.duration)).toBe('5 分钟前');
    expect(formatAgo(5 * MINUTE, en.duration)).toBe('5 min ago');
  });
});

describe('formatActor', () => {
  it('names the hub itself in words and keeps usernames', () => {
    expect(formatActor('system', zhCN)).toBe('系统自动');
    expect(formatActor('system', en)).toBe('System (automatic)');
    expect(formatActor('chenjing', zhCN)).toBe('chenjing');
    expect(formatActor(null, en)).toBe('—');
  });
});

describe('formatMetric', () => {
  it('shows SpO2 whole when whole and with one decimal otherwise', () => {
    expect(formatMetric('spo2', 92, zhCN)).toBe('92%');
    expect(formatMetric('spo2', 92.5, zhCN)).toBe('92.5%');
    expect(formatMetric('spo2', 92.94, en)).toBe('92.9%');
  });

  it('shows temperature always with one decimal', () => {
    expect(formatMetric('temp', 38, zhCN)).toBe('38.0 °C');
    expect(formatMetric('temp', 38.56, en)).toBe('38.6 °C');
  });

  it('shows rates as whole numbers with the unit of the language', () => {
    expect(formatMetric('pr', 96.6, zhCN)).toBe('97 次/分');
    expect(formatMetric('pr', 96.6, en)).toBe('97 bpm');
    expect(formatMetric('rr', 18, zhCN)).toBe('18 次/分');
    expect(formatMetric('rr', 18, en)).toBe('18 /min');
  });

  it('shows a dash when there is no value', () => {
    expect(formatMetric('spo2', undefined, zhCN)).toBe('—');
    expect(formatMetric('temp', null, en)).toBe('—');
    expect(formatMetric('temp', Number.NaN, en)).toBe('—');
  });
});

describe('alarm texts', () => {
  it('names every kind in words and an unknown one by its code', () => {
    expect(alarmKindName('spo2_low', zhCN)).toBe('血氧饱和度低');
    expect(alarmKindName('fever_persistent', en)).toBe('High fever for more than 3 days');
    expect(alarmKindName('new_kind', zhCN)).toBe('其他告警（new_kind）');
    expect(alarmKindName('unknown', en)).toBe('Other alarm (unknown)');
  });

  it('puts SpO2 below its threshold', () => {
    const a = alarm({ id: 'a', kind: 'spo2_low', value: 91, threshold: 93 });
    expect(alarmValueText(a, zhCN)).toBe('91%，低于 93%');
    expect(alarmValueText(a, en)).toBe('91%, below 93%');
  });

  it('puts a fever above its threshold', () => {
    const a = alarm({ id: 'a', kind: 'fever', value: 38.9, threshold: 38.5 });
    expect(alarmValueText(a, zhCN)).toBe('38.9 °C，高于 38.5 °C');
    expect(alarmValueText(a, en)).toBe('38.9 °C, above 38.5 °C');
  });

  it('puts a battery at or below its threshold', () => {
    expect(alarmValueText(alarm({ id: 'a', kind: 'battery_low', value: 12, threshold: 15 }), en)).toBe('12%, at or below 15%');
  });

  it('shows the value alone when the threshold is missing', () => {
    expect(alarmValueText(alarm({ id: 'a', kind: 'spo2_low', value: 90 }), en)).toBe('90%');
  });

  it('translates a reported symptom and keeps an unknown one as sent', () => {
    expect(alarmValueText(alarm({ id: 'a', kind: 'symptom_reported', detail: 'dyspnea' }), zhCN)).toBe('呼吸困难或气促');
    expect(alarmValueText(alarm({ id: 'a', kind: 'symptom_reported', detail: 'rash' }), zhCN)).toBe('rash');
  });

  it('explains a schedule-raised alarm in the reader\'s language, not with the hub\'s English detail', () => {
    const missed = alarm({ id: 'a', kind: 'temperature_check_missed', detail: 'No temperature reading in the 2026-11-22/evening check window.' });
    expect(alarmValueText(missed, zhCN)).toBe('本时段（早/晚）未收到体温读数，请提醒患者测量');
    expect(alarmValueText(missed, en)).toContain('remind the patient');
    expect(alarmValueText(alarm({ id: 'b', kind: 'end_criteria_met', detail: 'End criteria met.' }), zhCN)).toContain('解除居家治疗');
  });

  it('names the silent device', () => {
    expect(alarmValueText(alarm({ id: 'a', kind: 'device_silent', detail: 'ox-0001' }), zhCN)).toBe('设备 ox-0001');
  });

  it('has nothing to say about an alarm without value or detail', () => {
    expect(alarmValueText(alarm({ id: 'a', kind: 'spo2_low' }), en)).toBeNull();
  });

  it('shows the worst value only when it differs from the newest', () => {
    expect(alarmWorstText(alarm({ id: 'a', value: 91, worstValue: 88 }), zhCN)).toBe('最差 88%');
    expect(alarmWorstText(alarm({ id: 'a', value: 91, worstValue: 91 }), zhCN)).toBeNull();
    expect(alarmWorstText(alarm({ id: 'a', kind: 'symptom_reported', worstValue: 1 }), zhCN)).toBeNull();
  });
});

describe('dates and times', () => {
  it('formats in the clinic time zone, 24-hour, the same in both languages', () => {
    expect(formatDateTime('2026-11-22T00:05:00Z', 'Asia/Shanghai')).toBe('2026-11-22 08:05');
    expect(formatDateTime('2026-11-22T16:30:00Z', 'Asia/Shanghai')).toBe('2026-11-23 00:30');
    expect(formatClock('2026-11-22T00:05:09Z', 'Asia/Shanghai', true)).toBe('08:05:09');
    expect(formatDate('2026-11-22T20:00:00Z', 'Asia/Shanghai')).toBe('2026-11-23');
  });

  it('keeps a plain date as it is (birth dates have no time zone)', () => {
    expect(formatDate('1950-03-01')).toBe('1950-03-01');
  });

  it('shows a dash for a missing or unreadable time', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a time')).toBe('—');
  });

  it('reads UNIX seconds as well as ISO text', () => {
    expect(formatDateTime(1763798400, 'UTC')).toBe('2025-11-22 08:00');
  });

  it('describes an aggregation step in words', () => {
    expect(formatEvery('15m', zhCN)).toBe('15 分钟');
    expect(formatEvery('1m', en)).toBe('1 min');
  });
});
