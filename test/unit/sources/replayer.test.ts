import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Fix } from '../../../server/ingest/fix';
import {
  makeRecording,
  type RecordedFix,
  type Recording,
} from '../../../server/sources/recording';
import { Replayer, type ReplayerOptions } from '../../../server/sources/replayer';

const W0 = 1_700_000_000_000;
const T = 1_000_000;

const replayers: Replayer[] = [];

beforeEach(() => {
  // start() arms a real interval; fake timers keep it from firing on its own.
  vi.useFakeTimers();
});

afterEach(() => {
  for (const r of replayers.splice(0)) r.stop();
  vi.useRealTimers();
});

/** A replayer on a fake clock that collects what it sends. */
function setUp(rec: Recording, opts: Partial<ReplayerOptions> = {}) {
  const clock = { wall: W0 };
  const sent: Fix[] = [];
  const replayer = new Replayer({
    recording: rec,
    speed: 10,
    startAt: rec.start,
    preRollMs: 0,
    loopGapMs: 60_000,
    now: () => clock.wall,
    sink: (fix) => sent.push(fix),
    ...opts,
  });
  replayers.push(replayer);
  return { clock, sent, replayer };
}

/** Fixes for each vehicle at recorded seconds after T. */
function recording(tracks: Record<string, number[]>): Recording {
  const fixes = Object.entries(tracks).flatMap(([vehicleId, seconds]) =>
    seconds.map((s): RecordedFix => ({
      recordedTime: T + s * 1000,
      fix: { vehicleId, lat: 30, lon: -97 },
    })),
  );
  return makeRecording('test', fixes);
}

function deviceTimes(sent: Fix[], vehicleId: string): number[] {
  return sent.filter((f) => f.vehicleId === vehicleId).map((f) => f.deviceTime);
}

function isRising(values: number[]): boolean {
  return values.every((v, i) => i === 0 || v > (values[i - 1] ?? -Infinity));
}

describe('Replayer timing', () => {
  it('keeps the recorded spacing divided by the speed', () => {
    const { clock, sent, replayer } = setUp(recording({ a: [0, 10, 30] }));

    replayer.start();
    clock.wall = W0 + 999;
    const early = replayer.tick();
    clock.wall = W0 + 1000;
    const onTime = replayer.tick();
    clock.wall = W0 + 3000;
    replayer.tick();

    expect([early, onTime]).toEqual([0, 1]);
    expect(sent.map((f) => f.deviceTime - W0)).toEqual([0, 1000, 3000]);
  });

  it('never gives a device time later than the clock', () => {
    const { clock, sent, replayer } = setUp(recording({ a: [0, 3, 7, 13] }), {
      speed: 3,
      loopGapMs: 3000,
    });
    const late: Fix[] = [];

    replayer.start();
    for (let i = 0; i < 400; i++) {
      clock.wall += 37;
      const before = sent.length;
      replayer.tick();
      late.push(...sent.slice(before).filter((f) => f.deviceTime > clock.wall));
    }

    expect(sent.length).toBeGreaterThan(8);
    expect(late).toEqual([]);
  });

  it('ticks on its own timer every tickMs', () => {
    const { clock, sent, replayer } = setUp(recording({ a: [0, 10] }), { tickMs: 500 });

    replayer.start();
    clock.wall = W0 + 1000;
    vi.advanceTimersByTime(499);
    const beforeTick = sent.length;
    vi.advanceTimersByTime(1);

    expect([beforeTick, sent.length]).toEqual([1, 2]);
  });

  it('counts the fixes it has sent', () => {
    const { clock, sent, replayer } = setUp(recording({ a: [0, 1, 2], b: [1] }));

    replayer.start();
    clock.wall = W0 + 150;
    replayer.tick();

    expect(replayer.emitted).toBe(3);
    expect(sent).toHaveLength(3);
  });

  it('keeps device times rising when a high speed collapses steps', () => {
    const fixes = [0, 400, 800, 1200].map((ms) => ({
      recordedTime: T + ms,
      fix: { vehicleId: 'a', lat: 30, lon: -97 },
    }));
    const { clock, sent, replayer } = setUp(makeRecording('x', fixes), { speed: 1000 });

    replayer.start();
    clock.wall = W0 + 2;
    replayer.tick();

    expect(sent.map((f) => f.deviceTime - W0)).toEqual([0, 1, 2, 3]);
  });
});

describe('Replayer start and pre-roll', () => {
  it('skips the fixes before startAt when there is no pre-roll', () => {
    const { clock, sent, replayer } = setUp(recording({ a: [0, 10, 20, 30] }), {
      startAt: T + 20_000,
    });

    replayer.start();
    clock.wall = W0 + 1000;
    replayer.tick();

    expect(sent.map((f) => f.deviceTime - W0)).toEqual([0, 1000]);
  });

  it('sends the pre-roll window at once, in order, with past device times', () => {
    const rec = recording({ a: [0, 10, 20, 30, 40], b: [25] });
    const { sent, replayer } = setUp(rec, {
      startAt: T + 30_000,
      preRollMs: 15_000,
    });

    replayer.start();

    expect(sent.map((f) => [f.vehicleId, f.deviceTime - W0])).toEqual([
      ['a', -1000],
      ['b', -500],
      ['a', 0],
    ]);
  });

  it('sends nothing for an empty recording', () => {
    const { clock, sent, replayer } = setUp(makeRecording('x', []));

    replayer.start();
    clock.wall += 3_600_000;
    replayer.tick();

    expect(sent).toEqual([]);
  });

  it('refuses to start twice', () => {
    const { replayer } = setUp(recording({ a: [0] }));
    replayer.start();

    expect(() => replayer.start()).toThrow('Replayer already started');
  });

  it('sends nothing after stop and leaves no timer behind', () => {
    const { clock, sent, replayer } = setUp(recording({ a: [0, 10] }));

    replayer.start();
    replayer.stop();
    clock.wall = W0 + 60_000;
    vi.advanceTimersByTime(60_000);
    replayer.tick();

    expect(sent).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    [{ speed: 0 }, 'speed must be a positive number'],
    [{ speed: Infinity }, 'speed must be a positive number'],
    [{ preRollMs: -1 }, 'preRollMs must be zero or more'],
    [{ loopGapMs: 0 }, 'loopGapMs must be positive'],
    [{ tickMs: 0 }, 'tickMs must be positive'],
    [{ startAt: T - 1 }, 'startAt must lie within the recording'],
    [{ startAt: T + 10_001 }, 'startAt must lie within the recording'],
  ])('rejects the option %o', (opts, message) => {
    expect(() => setUp(recording({ a: [0, 10] }), opts)).toThrow(message);
  });
});

describe('Replayer without looping', () => {
  it('plays the recording once, then stops', () => {
    const { clock, sent, replayer } = setUp(recording({ a: [0, 10], b: [5] }), {
      loop: false,
    });
    replayer.start();
    clock.wall = W0 + 10 * 60_000;
    replayer.tick();

    expect(sent.map((f) => f.vehicleId)).toEqual(['a', 'b', 'a']);
    expect(replayer.finished).toBe(true);
    clock.wall += 10 * 60_000;
    expect(replayer.tick()).toBe(0);
  });
});

describe('Replayer loops', () => {
  // L = 20 s of recording + 60 s gap = 80 s recorded = 8 s wall at speed 10.
  const tracks = { a: [0, 10, 20], b: [5, 20] };
  const LOOP_WALL_MS = 8000;

  it('keeps each vehicle\u2019s device times rising across three seams', () => {
    const { clock, sent, replayer } = setUp(recording(tracks));

    replayer.start();
    while (clock.wall < W0 + 3.5 * LOOP_WALL_MS) {
      clock.wall += 100;
      replayer.tick();
    }

    expect(replayer.currentLoop).toBe(3);
    expect(deviceTimes(sent, 'a')).toHaveLength(12);
    expect(isRising(deviceTimes(sent, 'a'))).toBe(true);
    expect(isRising(deviceTimes(sent, 'b'))).toBe(true);
  });

  it('places the next loop the loop gap after the end of the last', () => {
    const { clock, sent, replayer } = setUp(recording(tracks));

    replayer.start();
    clock.wall = W0 + LOOP_WALL_MS;
    replayer.tick();

    // a's last fix is at 20 s (2 s wall); loop 1 opens 60 s later (6 s wall).
    expect(deviceTimes(sent, 'a').map((t) => t - W0)).toEqual([0, 1000, 2000, 8000]);
  });

  it('marks exactly the first fix of each vehicle in each later loop as a break', () => {
    const { clock, sent, replayer } = setUp(recording(tracks));

    replayer.start();
    while (clock.wall < W0 + 3.5 * LOOP_WALL_MS) {
      clock.wall += 100;
      replayer.tick();
    }

    const breaks = (id: string): boolean[] =>
      sent.filter((f) => f.vehicleId === id).map((f) => f.trackBreak === true);
    expect(breaks('a')).toEqual([0, 1, 2, 3].flatMap((k) => [k > 0, false, false]));
    expect(breaks('b')).toEqual([0, 1, 2, 3].flatMap((k) => [k > 0, false]));
    expect(sent.filter((f) => !f.trackBreak).every((f) => !('trackBreak' in f))).toBe(
      true,
    );
  });

  it('sends the end of one loop and the start of the next in a single tick', () => {
    const { clock, sent, replayer } = setUp(recording(tracks));

    replayer.start();
    clock.wall = W0 + 1900;
    replayer.tick();
    const before = sent.length;
    clock.wall = W0 + LOOP_WALL_MS + 500;
    replayer.tick();

    expect(sent.slice(before).map((f) => [f.vehicleId, f.trackBreak ?? false])).toEqual([
      ['a', false],
      ['b', false],
      ['a', true],
      ['b', true],
    ]);
  });

  it('catches up after a long pause with the same fixes as steady ticking', () => {
    const steady = setUp(recording(tracks));
    const paused = setUp(recording(tracks));
    const pauseMs = 5 * 60_000;

    steady.replayer.start();
    paused.replayer.start();
    while (steady.clock.wall < W0 + pauseMs) {
      steady.clock.wall += 250;
      steady.replayer.tick();
    }
    paused.clock.wall = W0 + pauseMs;
    paused.replayer.tick();

    // 300 s wall is 37.5 loops: 38 loops of a and b opened, 37 finished.
    expect(paused.replayer.currentLoop).toBe(37);
    expect(paused.sent).toEqual(steady.sent);
    expect(isRising(deviceTimes(paused.sent, 'a'))).toBe(true);
  });
});
