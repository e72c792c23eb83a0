import { describe, expect, it } from 'vitest';
import {
  ALARM_KINDS,
  ALARM_STATES,
  CATEGORIES,
  CHANNELS,
  DEVICE_KINDS,
  METRICS,
  PREGNANCY_RISKS,
  PRIORITIES,
  RISK_ROWS,
  SYMPTOMS,
  TIERS,
} from '../src/api/types';
import { DEFAULT_LANG, LANG_STORAGE_KEY, MESSAGES, readLang } from '../src/i18n';
import { en } from '../src/i18n/en';
import { FIELD_NAMES } from '../src/i18n/messages';
import { zhCN } from '../src/i18n/zh-CN';

type Tree = { [key: string]: unknown };

function leaves(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') for (const [p, x] of leaves(v as Tree, path)) out.set(p, x);
    else out.set(path, v);
  }
  return out;
}

/** Calls a message function with plausible arguments: numbers for n/count-like, text otherwise. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'function') {
    const args = Array.from({ length: value.length }, (_, i) => (i % 2 === 0 ? 3 : 'X'));
    const numeric = Array.from({ length: value.length }, () => 3);
    const a = (value as (...x: unknown[]) => unknown)(...args);
    const b = (value as (...x: unknown[]) => unknown)(...numeric);
    return `${String(a)}${String(b)}`;
  }
  throw new Error(`not a message: ${typeof value}`);
}

const zh = leaves(zhCN as unknown as Tree);
const english = leaves(en as unknown as Tree);

describe('translations', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect([...zh.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('every message is of the same kind (text or function of the same arity) in both languages', () => {
    for (const [key, value] of zh) {
      const other = english.get(key);
      expect(typeof other, key).toBe(typeof value);
      if (typeof value === 'function') expect((other as (...a: unknown[]) => unknown).length, key).toBe(value.length);
    }
  });

  it('no message is empty in either language', () => {
    for (const tree of [zh, english]) for (const [key, value] of tree) expect(render(value).trim(), key).not.toBe('');
  });

  it('every Chinese message is written in Chinese, not left in English', () => {
    // Units, codes and symbols are the same in both languages.
    const same = new Set(['unit.spo2', 'unit.temp', 'unit.pi', 'unit.bat', 'common.listSeparator', 'common.notFound']);
    const cjk = /[\u3400-\u9fff]/;
    for (const [key, value] of zh) {
      if (same.has(key) || key.startsWith('app.signedInAs') || key === 'alarm.valueOnly') continue;
      expect(cjk.test(render(value)), `${key}: ${render(value)}`).toBe(true);
    }
  });

  it.each([
    ['alarmKind', ALARM_KINDS],
    ['tier.short', TIERS],
    ['tier.long', TIERS],
    ['priority', PRIORITIES],
    ['alarmState', ALARM_STATES],
    ['category', CATEGORIES],
    ['channel', CHANNELS],
    ['riskBasis.rows', RISK_ROWS],
    ['symptom', SYMPTOMS],
    ['metric', METRICS],
    ['unit', METRICS],
    ['pregnancyRisk', PREGNANCY_RISKS],
    ['deviceKind', DEVICE_KINDS],
    ['fields', FIELD_NAMES],
  ] as const)('%s covers every code of the contract in both languages', (group, codes) => {
    for (const tree of [zh, english]) for (const code of codes) expect(tree.has(`${group}.${code}`), `${group}.${code}`).toBe(true);
  });

  it('tiers read as 红/黄/绿 in Chinese', () => {
    expect(zhCN.tier.short).toEqual({ red: '红', yellow: '黄', green: '绿' });
  });

  it('durations and counts read naturally in both languages', () => {
    expect(zhCN.duration.hoursMinutes(1, 5)).toBe('1 小时 5 分');
    expect(en.duration.hoursMinutes(1, 5)).toBe('1 h 5 min');
    expect(en.wall.tile.openAlarms(1)).toBe('1 alarm');
    expect(en.wall.tile.openAlarms(2)).toBe('2 alarms');
  });
});

describe('language choice', () => {
  const storage = (value: string | null) => ({ getItem: (key: string) => (key === LANG_STORAGE_KEY ? value : null) });

  it('defaults to Chinese', () => {
    expect(DEFAULT_LANG).toBe('zh-CN');
    expect(readLang(storage(null))).toBe('zh-CN');
    expect(readLang(undefined)).toBe('zh-CN');
  });

  it('keeps a stored choice', () => {
    expect(readLang(storage('en'))).toBe('en');
  });

  it('ignores a stored value that is not a language', () => {
    expect(readLang(storage('fr'))).toBe('zh-CN');
  });

  it('survives a storage that throws', () => {
    expect(readLang({ getItem: () => { throw new Error('denied'); } })).toBe('zh-CN');
  });

  it('has both languages', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual(['en', 'zh-CN']);
  });
});
