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
  onError?: (error: unknown) => void;
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

  constructor(
    private readonly db: Db,
    private readonly opts: PositionWriterOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 500;
    this.maxBatch = opts.maxBatch ?? 500;
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

  private async write(batch: Row[]): Promise<void> {
    try {
      // SQLite caps bound parameters; 17 columns × 500 rows stays under it.
      for (let i = 0; i < batch.length; i += this.maxBatch) {
        await this.db
          .insertInto('positions')
          .values(batch.slice(i, i + this.maxBatch))
          .onConflict((oc) => oc.columns(['vehicle_id', 'device_time']).doNothing())
          .execute();
      }
    } catch (error) {
      this.opts.onError?.(error);
    }
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
