import { signal } from '@preact/signals';

/**
 * The audible alarm: a burst of three 880 Hz tones every 2.5 s, made with WebAudio (no sound
 * file to load). Browsers keep an AudioContext suspended until the user interacts with the page;
 * `audioBlocked` tells the wall to offer a button for it.
 */
export const audioBlocked = signal(false);

type AudioContextCtor = typeof AudioContext;

let context: AudioContext | null = null;
let loop: ReturnType<typeof setInterval> | undefined;
let requests = 0;
let played = 0;

/**
 * Test hook: how often a beep was asked for and how often one was handed to WebAudio, as
 * `<body data-beeps-requested data-beeps-played>`. Headless browsers may play nothing audible (or
 * keep audio suspended), so browser tests check the request, which is what the page controls.
 */
function record(kind: 'requested' | 'played'): void {
  if (kind === 'requested') requests++;
  else played++;
  if (typeof document === 'undefined') return;
  document.body.dataset.beepsRequested = String(requests);
  document.body.dataset.beepsPlayed = String(played);
}

function ensureContext(): AudioContext | null {
  if (context) return context;
  const Ctor: AudioContextCtor | undefined =
    (globalThis as { AudioContext?: AudioContextCtor }).AudioContext ??
    (globalThis as { webkitAudioContext?: AudioContextCtor }).webkitAudioContext;
  if (!Ctor) return null;
  context = new Ctor();
  context.onstatechange = () => {
    audioBlocked.value = loop !== undefined && context?.state !== 'running';
  };
  return context;
}

function burst(ctx: AudioContext): void {
  const start = ctx.currentTime + 0.02;
  for (let i = 0; i < 3; i++) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = 880;
    const t0 = start + i * 0.25;
    gain.gain.setValueAtTime(0, t0);
    gain.gain.linearRampToValueAtTime(0.25, t0 + 0.01);
    gain.gain.setValueAtTime(0.25, t0 + 0.14);
    gain.gain.linearRampToValueAtTime(0, t0 + 0.16);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0);
    osc.stop(t0 + 0.18);
  }
}

export function startBeeping(): void {
  if (loop !== undefined) return;
  const ctx = ensureContext();
  if (!ctx) {
    record('requested');
    return;
  }
  const tick = () => {
    record('requested');
    if (ctx.state !== 'running') {
      audioBlocked.value = true;
      void ctx.resume().catch(() => {});
      return;
    }
    audioBlocked.value = false;
    burst(ctx);
    record('played');
  };
  loop = setInterval(tick, 2500);
  tick();
}

export function stopBeeping(): void {
  clearInterval(loop);
  loop = undefined;
  audioBlocked.value = false;
}

/** Called from a click: a user gesture lets the browser start audio. */
export function unlockAudio(): void {
  const ctx = ensureContext();
  void ctx?.resume().then(() => {
    audioBlocked.value = false;
  });
}
