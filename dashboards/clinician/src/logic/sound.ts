/**
 * When the wall beeps. Sound is requested while a high-priority alarm is active (not yet
 * acknowledged). A nurse may silence the SOUND for a while: the alarms stay on the wall and
 * stay unacknowledged. A high-priority alarm raised during the silence that was not there when
 * the nurse pressed the button ends the silence at once (a new alarm must be heard).
 */
export type SoundMode = 'on' | 'silenced' | 'off';

export interface SoundState {
  silencedUntil: number | null;
  /** The sounding alarms when silence was pressed. */
  silencedIds: ReadonlySet<string>;
}

export const SILENCE_MS = 2 * 60 * 1000;

export const initialSoundState: SoundState = { silencedUntil: null, silencedIds: new Set() };

export function soundMode(state: SoundState, soundingIds: readonly string[], now: number): SoundMode {
  if (soundingIds.length === 0) return 'off';
  const silenced =
    state.silencedUntil !== null && now < state.silencedUntil && soundingIds.every((id) => state.silencedIds.has(id));
  return silenced ? 'silenced' : 'on';
}

export function silence(soundingIds: readonly string[], now: number, durationMs = SILENCE_MS): SoundState {
  return { silencedUntil: now + durationMs, silencedIds: new Set(soundingIds) };
}

export function resume(): SoundState {
  return initialSoundState;
}

/** When the silence ends by itself, if it is in force. */
export function silenceEndsAt(state: SoundState, soundingIds: readonly string[], now: number): number | null {
  return soundMode(state, soundingIds, now) === 'silenced' ? state.silencedUntil : null;
}
