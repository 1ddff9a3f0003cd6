import { randomUUID } from 'node:crypto';
import type { ImportReplay } from '../../../lib/protocol';
import type { Fix } from '../../ingest/fix';
import type { Recording } from '../recording';
import { Replayer } from '../replayer';

/** Replays of imports playing at once in one fleet. */
export const MAX_REPLAYS_PER_FLEET = 4;
/** Finished replays still listed per fleet. */
const KEEP_FINISHED = 10;

interface Entry {
  status: ImportReplay;
  replayer: Replayer;
}

/**
 * The replays imports started, per fleet: each plays its recording once
 * from now, like the demo, into the sink its fleet gives it. The newest
 * finished ones stay listed so an admin sees how they went.
 */
export class ImportReplays {
  private readonly byFleet = new Map<string, Entry[]>();

  constructor(private readonly sinkFor: (fleetId: string) => (fix: Fix) => void) {}

  /** Replays still playing in a fleet. */
  playing(fleetId: string): number {
    return this.of(fleetId).filter((e) => !e.replayer.finished).length;
  }

  start(fleetId: string, recording: Recording, speed: number): ImportReplay {
    const replayer = new Replayer({
      recording,
      speed,
      startAt: recording.start,
      preRollMs: 0,
      loopGapMs: 1,
      loop: false,
      now: Date.now,
      sink: this.sinkFor(fleetId),
    });
    const status: ImportReplay = {
      id: randomUUID(),
      fixes: recording.fixes.length,
      speed,
      duration_s: Math.ceil((recording.end - recording.start) / speed / 1000),
      started_at: new Date().toISOString(),
      sent: 0,
      done: false,
    };
    const entry = { status, replayer };
    const entries = this.of(fleetId);
    const finished = entries.filter((e) => e.replayer.finished).slice(-KEEP_FINISHED);
    const playing = entries.filter((e) => !e.replayer.finished);
    this.byFleet.set(fleetId, [...finished, ...playing, entry]);
    replayer.start();
    return describe(entry);
  }

  list(fleetId: string): ImportReplay[] {
    return this.of(fleetId).map(describe);
  }

  stopAll(): void {
    for (const entries of this.byFleet.values()) {
      for (const e of entries) e.replayer.stop();
    }
  }

  private of(fleetId: string): Entry[] {
    return this.byFleet.get(fleetId) ?? [];
  }
}

function describe(e: Entry): ImportReplay {
  return { ...e.status, sent: e.replayer.emitted, done: e.replayer.finished };
}
