import type { Severity } from '@/lib/protocol';

/** Whether the page may sound: `blocked` until the browser lets it play. */
export type SoundState = 'unsupported' | 'blocked' | 'on';

/** How often the alarm repeats while an alert waits, by its severity. */
export const REPEAT_MS: Partial<Record<Severity, number>> = {
  high: 5000,
  critical: 3000,
};

/** Two falling notes for high, three urgent ones for critical; Hz. */
const NOTES: Partial<Record<Severity, number[]>> = {
  high: [880, 660],
  critical: [988, 784, 988],
};

const NOTE_S = 0.18;
const GAP_S = 0.06;
const VOLUME = 0.25;

/**
 * The wall display's alarm, generated with Web Audio: nothing to
 * download. Browsers start an AudioContext suspended until the person
 * has touched the page (autoplay policy), so the state says `blocked`
 * until a click or key press resumes it.
 */
export class AlarmTone {
  private ctx: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private severity: Severity | null = null;
  private state: SoundState = 'unsupported';
  private readonly listeners = new Set<() => void>();

  /**
   * Opens the audio context. Done at once, not at the first alarm, so a
   * person sees that sound is blocked before anything needs to sound.
   */
  start(): void {
    if (this.ctx || typeof window.AudioContext !== 'function') return;
    this.ctx = new window.AudioContext();
    this.ctx.addEventListener('statechange', this.changed);
    this.changed();
  }

  /** Rings for `severity` (high or critical) until it is null. */
  ring(severity: Severity | null): void {
    const repeat = severity ? REPEAT_MS[severity] : undefined;
    if (severity === this.severity) return;
    this.severity = severity;
    clearInterval(this.timer);
    this.timer = undefined;
    if (!repeat || !severity) return;
    this.beep(severity);
    this.timer = setInterval(() => this.beep(severity), repeat);
  }

  /** Call from a click or key press: the only way a browser lets sound start. */
  unlock(): void {
    if (this.ctx?.state === 'suspended') void this.ctx.resume();
  }

  /** Stops ringing and closes the context; `start` may open a new one. */
  dispose(): void {
    this.ring(null);
    const ctx = this.ctx;
    this.ctx = null;
    ctx?.removeEventListener('statechange', this.changed);
    void ctx?.close();
    this.changed();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): SoundState => this.state;

  private readonly changed = () => {
    this.state = this.read();
    for (const l of this.listeners) l();
  };

  private read(): SoundState {
    if (!this.ctx) return 'unsupported';
    return this.ctx.state === 'running' ? 'on' : 'blocked';
  }

  private beep(severity: Severity): void {
    const ctx = this.ctx;
    if (!ctx || ctx.state !== 'running') return;
    const notes = NOTES[severity] ?? [];
    notes.forEach((hz, i) => {
      const start = ctx.currentTime + i * (NOTE_S + GAP_S);
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'triangle';
      osc.frequency.value = hz;
      // Ramps in and out: a note cut at full volume clicks.
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(VOLUME, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + NOTE_S);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + NOTE_S + 0.01);
    });
  }
}
