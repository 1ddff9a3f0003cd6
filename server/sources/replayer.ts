import type { Fix } from '../ingest/fix';
import type { RecordedFix, Recording } from './recording';

/**
 * Plays a recording into the ingest path as if the vehicles were driving
 * now, looping forever.
 *
 * Time mapping. Playback starts at wall time w0 = now() in start(). The
 * virtual (recorded) clock reads v = startAt + (wall − w0) × speed. Loop k
 * replays the fixes at virtual times t + k·L, where L = (end − start) +
 * loopGapMs. A fix at virtual time x gets deviceTime
 * w0 + (x − startAt) / speed, rounded to whole ms, so it is never in the
 * future, and the loop gap keeps each vehicle's times rising across the
 * seam.
 *
 * The first loop begins at startAt; fixes in [startAt − preRollMs,
 * startAt) go out at once so the map is not empty. Later loops play the
 * whole recording, and each vehicle's first fix in them is a track break:
 * the vehicle jumps from where the recording ended to where it began.
 */
export interface ReplayerOptions {
  recording: Recording;
  /** Recorded ms played per wall ms; 10 plays an hour in six minutes. */
  speed: number;
  /** Recorded time where playback begins, within the recording. */
  startAt: number;
  /** Recorded ms before startAt sent at start(). */
  preRollMs: number;
  /** Recorded ms of silence between the end of a loop and the next. */
  loopGapMs: number;
  now: () => number;
  sink: (fix: Fix) => void;
  /** Timer period in wall ms. Default 250. */
  tickMs?: number;
  /** Play the recording again after the gap; false stops after one pass. Default true. */
  loop?: boolean;
}

export const DEFAULT_TICK_MS = 250;

type State = 'idle' | 'playing' | 'stopped';

export class Replayer {
  private readonly fixes: readonly RecordedFix[];
  private readonly loopMs: number;
  private readonly tickMs: number;
  private state: State = 'idle';
  private timer: ReturnType<typeof setInterval> | undefined;
  private w0 = 0;

  // The cursor: the next fix to send is fixes[index] of loop `loop`.
  private loop = 0;
  private index = 0;
  private seenThisLoop = new Set<string>();
  private lastDeviceTime = new Map<string, number>();
  private sent = 0;

  constructor(private readonly opts: ReplayerOptions) {
    checkOptions(opts);
    const { recording } = opts;
    this.fixes = recording.fixes;
    this.loopMs = recording.end - recording.start + opts.loopGapMs;
    this.tickMs = opts.tickMs ?? DEFAULT_TICK_MS;
  }

  /** Fixes handed to the sink so far. */
  get emitted(): number {
    return this.sent;
  }

  /** True once stopped, or once a single pass has played out. */
  get finished(): boolean {
    return this.state === 'stopped';
  }

  /** The loop of the last fix sent, 0 for the first. */
  get currentLoop(): number {
    return this.loop;
  }

  /** Sends the pre-roll and starts the timer. A replayer starts once. */
  start(): void {
    if (this.state !== 'idle') throw new Error('Replayer already started');
    this.state = 'playing';
    this.w0 = this.opts.now();

    const from = this.opts.startAt - this.opts.preRollMs;
    this.index = this.fixes.findIndex((f) => f.recordedTime >= from);
    if (this.index === -1) this.index = this.fixes.length;

    this.tick();
    this.timer = setInterval(() => this.tick(), this.tickMs);
  }

  /**
   * Sends, in order, every fix due by now and not yet sent, however long
   * since the last tick: across a loop seam or after a stalled event loop
   * alike. Returns how many it sent.
   */
  tick(): number {
    if (this.state !== 'playing' || this.fixes.length === 0) return 0;

    const { startAt, speed } = this.opts;
    const virtualNow = startAt + (this.opts.now() - this.w0) * speed;
    let count = 0;

    for (;;) {
      // Past the last fix, the candidate is the first of the next loop; the
      // loop only turns over once that fix is due.
      const wraps = this.index >= this.fixes.length;
      if (wraps && this.opts.loop === false) {
        this.stop();
        break;
      }
      const loop = wraps ? this.loop + 1 : this.loop;
      const next = this.fixes[wraps ? 0 : this.index];
      if (!next) break;
      const virtual = next.recordedTime + loop * this.loopMs;
      if (virtual > virtualNow) break;

      if (wraps) this.beginNextLoop();
      // Advance before the sink runs, so a throwing sink cannot make the
      // same fix go out twice.
      this.index += 1;
      this.sent += 1;
      count += 1;
      this.opts.sink(this.toFix(next, virtual));
    }

    return count;
  }

  /** Stops the timer. Nothing is sent afterwards; calling it twice is fine. */
  stop(): void {
    this.state = 'stopped';
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private beginNextLoop(): void {
    this.loop += 1;
    this.index = 0;
    this.seenThisLoop.clear();
  }

  private toFix(recorded: RecordedFix, virtual: number): Fix {
    const { startAt, speed } = this.opts;
    const id = recorded.fix.vehicleId;
    const mapped = Math.round(this.w0 + (virtual - startAt) / speed);
    // At high speed two recorded steps closer than `speed` ms land on the
    // same wall ms; one ms later keeps each vehicle's times rising.
    const previous = this.lastDeviceTime.get(id) ?? -Infinity;
    const deviceTime = Math.max(mapped, previous + 1);
    this.lastDeviceTime.set(id, deviceTime);

    const fix: Fix = { ...recorded.fix, deviceTime, sourceTime: recorded.recordedTime };
    const isNew = !this.seenThisLoop.has(id);
    this.seenThisLoop.add(id);
    if (this.loop > 0 && isNew) fix.trackBreak = true;
    return fix;
  }
}

function checkOptions(opts: ReplayerOptions): void {
  const { recording, speed, startAt, preRollMs, loopGapMs, tickMs } = opts;
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new RangeError('speed must be a positive number');
  }
  if (!(preRollMs >= 0) || !Number.isFinite(preRollMs)) {
    throw new RangeError('preRollMs must be zero or more');
  }
  // A zero gap would give a vehicle that reports at both ends of the
  // recording the same virtual time twice across the seam.
  if (!(loopGapMs > 0) || !Number.isFinite(loopGapMs)) {
    throw new RangeError('loopGapMs must be positive');
  }
  if (tickMs !== undefined && !(tickMs > 0)) {
    throw new RangeError('tickMs must be positive');
  }
  const empty = recording.fixes.length === 0;
  if (!empty && !(startAt >= recording.start && startAt <= recording.end)) {
    throw new RangeError('startAt must lie within the recording');
  }
}
