import { describe, expect, it } from 'vitest';
import { initialSoundState, resume, silence, SILENCE_MS, silenceEndsAt, soundMode } from '../src/logic/sound';

describe('alarm sound', () => {
  it('is off with no active high-priority alarm', () => {
    expect(soundMode(initialSoundState, [], 0)).toBe('off');
  });

  it('is on while a high-priority alarm is active', () => {
    expect(soundMode(initialSoundState, ['a'], 0)).toBe('on');
  });

  it('silence lasts two minutes by default and then the sound comes back', () => {
    const state = silence(['a'], 1000);
    expect(SILENCE_MS).toBe(120_000);
    expect(soundMode(state, ['a'], 1000)).toBe('silenced');
    expect(soundMode(state, ['a'], 1000 + SILENCE_MS - 1)).toBe('silenced');
    expect(soundMode(state, ['a'], 1000 + SILENCE_MS)).toBe('on');
  });

  it('a new high-priority alarm during the silence sounds at once', () => {
    const state = silence(['a'], 0);
    expect(soundMode(state, ['a', 'b'], 1000)).toBe('on');
  });

  it('stays silenced when one of the silenced alarms is acknowledged', () => {
    const state = silence(['a', 'b'], 0);
    expect(soundMode(state, ['b'], 1000)).toBe('silenced');
  });

  it('is off, not silenced, once every alarm is acknowledged', () => {
    expect(soundMode(silence(['a'], 0), [], 1000)).toBe('off');
  });

  it('silence only touches the sound: it takes the alarm list as it is and changes nothing in it', () => {
    const ids = ['a', 'b'];
    silence(ids, 0);
    expect(ids).toEqual(['a', 'b']);
  });

  it('resume brings the sound back before the time is up', () => {
    expect(soundMode(resume(), ['a'], 1000)).toBe('on');
  });

  it('tells when the silence ends, only while it is in force', () => {
    const state = silence(['a'], 0, 5000);
    expect(silenceEndsAt(state, ['a'], 100)).toBe(5000);
    expect(silenceEndsAt(state, ['a', 'b'], 100)).toBeNull();
    expect(silenceEndsAt(state, ['a'], 6000)).toBeNull();
  });
});
