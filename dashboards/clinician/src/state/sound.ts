import { computed, effect, signal } from '@preact/signals';
import { startBeeping, stopBeeping } from '../audio/beeper';
import type { SoundState } from '../logic/sound';
import { initialSoundState, resume, silence, SILENCE_MS, silenceEndsAt, soundMode } from '../logic/sound';
import { soundingIds } from './alarms';
import { now } from './clock';

export const soundState = signal<SoundState>(initialSoundState);
export const soundModeNow = computed(() => soundMode(soundState.value, soundingIds.value, now.value));
export const silencedUntil = computed(() => silenceEndsAt(soundState.value, soundingIds.value, now.value));

export function silenceSound(): void {
  soundState.value = silence(soundingIds.value, Date.now(), SILENCE_MS);
}

export function resumeSound(): void {
  soundState.value = resume();
}

/**
 * Drives the beeper and exposes the request in the DOM (`<body data-sound="on|silenced|off">`)
 * so browser tests can check it without listening.
 */
export function startSound(enabled: () => boolean): () => void {
  return effect(() => {
    const mode = enabled() ? soundModeNow.value : 'off';
    document.body.dataset.sound = mode;
    if (mode === 'on') startBeeping();
    else stopBeeping();
  });
}
