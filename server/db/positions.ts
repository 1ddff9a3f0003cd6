import type { Insertable } from 'kysely';
import type { Fix } from '../ingest/fix';
import type { Db } from './open';
import type { PositionTable } from './schema';

type Row = Insertable<PositionTable>;

export interface PositionWriterOptions {
  /** Flush at the latest after this long. */
  intervalMs?: number;
  /** Flush as soon as this many rows wait. */
  maxBatch?: number;
  /** Pause before writing again after a storage fault; default 1 s. */
  retryMs?: number;
  /** Most rows kept while storage is down; older ones go first. Default 50,000. */
  maxPending?: number;
  /** Storage just failed (once per fault, not per retry). */
  onFault?: (fault: StorageFault, error: unknown) => void;
  /** Storage works again; `dropped` rows did not fit while it was down. */
  onRecovered?: (fault: StorageFault, dropped: number) => void;
}

/**
 * Why rows cannot be written: the database is `locked` by another
 * writer past busy_timeout, `full` (disk or max_page_count), or another
 * `io` error. While there is one, ingest answers 503 storage_unavailable.
 */
export interface StorageFault {
  cause: 'locked' | 'full' | 'io';
  /** Epoch ms of the first failure. */
  since: number;
  /** What to do, for the operator and the client. */
  message: string;
}

const ADVICE: Record<StorageFault['cause'], string> = {
  locked:
    'The database is locked by another writer; positions are kept and written once it is released',
  full: 'The disk holding the database is full; free space and positions are written again by themselves',
  io: 'The database could not be written; check the server log and the disk',
};

/** Which storage fault an error from the database is. */
export function storageFaultOf(error: unknown): StorageFault['cause'] {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'locked';
  if (code === 'SQLITE_FULL') return 'full';
  return 'io';
}

/**
 * Writes accepted fixes in batches: one transaction per batch keeps SQLite
 * far ahead of the feed. Rows already stored (same vehicle and device time)
 * are skipped, so a re-sent batch changes nothing.
 */
export class PositionWriter {
  private queue: Row[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly intervalMs: number;
  private readonly maxBatch: number;
  private current: StorageFault | undefined;
  private dropped = 0;

  constructor(
    private readonly db: Db,
    private readonly opts: PositionWriterOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 500;
    this.maxBatch = opts.maxBatch ?? 500;
  }

  /** The storage fault under way, if any. */
  get fault(): StorageFault | undefined {
    return this.current;
  }

  add(fix: Fix, odometerKm: number | undefined, receivedAt: number): void {
    this.queue.push(toRow(fix, odometerKm, receivedAt));
    if (this.queue.length >= this.maxBatch) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Writes everything queued so far; resolves when it is on disk. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length > 0) {
      this.writing = this.writing.then(() => this.write(batch));
    }
    return this.writing;
  }

  /**
   * Writes `batch`, one statement per chunk, so a failure leaves each
   * chunk wholly written or not at all. On failure the unwritten rows go
   * back to the front of the queue and are tried again after `retryMs`:
   * ingest pauses while storage is down rather than losing positions.
   */
  private async write(batch: Row[]): Promise<void> {
    // SQLite caps bound parameters; 17 columns × 500 rows stays under it.
    for (let i = 0; i < batch.length; i += this.maxBatch) {
      try {
        await this.db
          .insertInto('positions')
          .values(batch.slice(i, i + this.maxBatch))
          .onConflict((oc) => oc.columns(['vehicle_id', 'device_time']).doNothing())
          .execute();
      } catch (error) {
        this.failed(batch.slice(i), error);
        return;
      }
    }
    const fault = this.current;
    if (fault === undefined) return;
    this.current = undefined;
    this.opts.onRecovered?.(fault, this.dropped);
    this.dropped = 0;
  }

  private failed(rows: Row[], error: unknown): void {
    if (this.current === undefined) {
      const cause = storageFaultOf(error);
      this.current = { cause, since: Date.now(), message: ADVICE[cause] };
      this.opts.onFault?.(this.current, error);
    }
    const kept = [...rows, ...this.queue];
    const max = this.opts.maxPending ?? 50_000;
    this.dropped += Math.max(0, kept.length - max);
    this.queue = kept.slice(-max);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.opts.retryMs ?? 1000);
    this.timer.unref();
  }
}

function toRow(fix: Fix, odometerKm: number | undefined, receivedAt: number): Row {
  return {
    vehicle_id: fix.vehicleId,
    device_time: fix.deviceTime,
    received_at: receivedAt,
    lat: fix.lat,
    lon: fix.lon,
    speed_kmh: fix.speedKmh ?? null,
    heading: fix.heading ?? null,
    accuracy_m: fix.accuracyM ?? null,
    altitude_m: fix.altitudeM ?? null,
    trip_id: fix.tripId ?? null,
    route_id: fix.routeId ?? null,
    odometer_km: odometerKm ?? null,
    engine_rpm: fix.engineRpm ?? null,
    engine_load: fix.engineLoad ?? null,
    engine_temp: fix.engineTemp ?? null,
    fuel_level: fix.fuelLevel ?? null,
  };
}

/** The newest stored position of every vehicle, to warm the live state. */
export async function latestPositions(db: Db) {
  return db
    .selectFrom('positions as p')
    .selectAll('p')
    .where('p.device_time', '=', (eb) =>
      eb
        .selectFrom('positions as q')
        .select((q) => q.fn.max('q.device_time').as('t'))
        .whereRef('q.vehicle_id', '=', 'p.vehicle_id'),
    )
    .execute();
}
