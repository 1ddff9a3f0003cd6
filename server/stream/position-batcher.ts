import {
  encodePositionBatch,
  type LocationUpdate,
  type PositionRecord,
} from '../../lib/protocol';

/** How long positions of a fleet gather before they go out together. */
export const DEFAULT_BATCH_MS = 100;

export interface PositionBatcherOptions {
  /** The window, ms; 0 sends every fix as a batch of its own. */
  windowMs?: number;
  /**
   * Hands over a fleet's encoded batch, once, for all its dashboards, with
   * the fixes it carries (for the delivery metrics).
   */
  send(fleetId: string, bytes: Uint8Array, fixes: readonly LocationUpdate[]): void;
}

interface Trip {
  tripId: string | undefined;
  routeId: string | undefined;
}

/** One fleet's window, its position index and what its batches last said. */
interface FleetBatch {
  fleetId: string;
  pending: Map<string, LocationUpdate>;
  /** Each vehicle's newest fix sent, for a socket that fell behind. */
  latest: Map<string, LocationUpdate>;
  seq: number;
  /** Vehicle id → index, in the order the vehicles first moved. */
  index: Map<string, number>;
  ids: string[];
  /** Vehicle id → trip and route last sent (see `cold`). */
  cold: Map<string, Trip>;
}

/**
 * Coalesces each fleet's `location_update`s over a short window, newest
 * per vehicle, and encodes them once into one binary `positions` batch
 * for all of the fleet's dashboards (lib/protocol/position-batch.ts).
 * Positions are latest-state, so a fix a newer one overtook in the window
 * loses nothing a map shows. An event of the fleet must not overtake its
 * pending positions: callers `flush` the fleet before emitting one.
 */
export class PositionBatcher {
  private readonly fleets = new Map<string, FleetBatch>();
  private readonly due = new Set<FleetBatch>();
  private timer: NodeJS.Timeout | undefined;
  private readonly windowMs: number;

  constructor(private readonly opts: PositionBatcherOptions) {
    this.windowMs = opts.windowMs ?? DEFAULT_BATCH_MS;
  }

  /** Holds a fix until the window ends; a newer one of the vehicle replaces it. */
  offer(fleetId: string, message: LocationUpdate): void {
    const fleet = this.fleet(fleetId);
    fleet.pending.set(message.payload.vehicle_id, message);
    fleet.seq = Math.max(fleet.seq, message.seq ?? 0);
    if (this.windowMs === 0) return this.flush(fleetId);
    this.due.add(fleet);
    this.timer ??= setTimeout(() => this.flushAll(), this.windowMs);
  }

  /** Sends the fleet's pending positions now, if it has any. */
  flush(fleetId: string): void {
    const fleet = this.fleets.get(fleetId);
    if (!fleet || fleet.pending.size === 0) return;
    this.due.delete(fleet);
    this.sendBatch(fleet);
  }

  /**
   * The fleet's position index so far, for a joining dashboard's snapshot.
   * Its trips and routes are forgotten too, so each vehicle's next record
   * states them again: the snapshot may have caught a trip the batches
   * have not announced yet, or one they since ended.
   */
  join(fleetId: string): string[] {
    const fleet = this.fleets.get(fleetId);
    if (!fleet) return [];
    fleet.cold.clear();
    return [...fleet.ids];
  }

  /**
   * Every vehicle's newest fix in one batch, naming each and stating its
   * trip: for a socket that skipped batches while it was behind. The
   * fleet's own batches are unchanged by it.
   */
  catchUp(fleetId: string): Uint8Array {
    const fleet = this.fleet(fleetId);
    const names: Array<[number, string]> = [];
    const records: PositionRecord[] = [];
    for (const [vehicleId, message] of fleet.latest) {
      const record = toRecord(message);
      const index = fleet.index.get(vehicleId);
      if (!record || index === undefined) continue;
      record.index = index;
      record.cold = coldOf(message);
      names.push([index, vehicleId]);
      records.push(record);
    }
    return encodePositionBatch({ seq: fleet.seq, names, records });
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.due.clear();
  }

  private flushAll(): void {
    this.timer = undefined;
    const due = [...this.due];
    this.due.clear();
    for (const fleet of due) this.flush(fleet.fleetId);
  }

  private fleet(fleetId: string): FleetBatch {
    let fleet = this.fleets.get(fleetId);
    if (fleet) return fleet;
    fleet = {
      fleetId,
      pending: new Map(),
      latest: new Map(),
      seq: 0,
      index: new Map(),
      ids: [],
      cold: new Map(),
    };
    this.fleets.set(fleetId, fleet);
    return fleet;
  }

  private sendBatch(fleet: FleetBatch): void {
    const fixes = [...fleet.pending.values()];
    this.opts.send(fleet.fleetId, this.encode(fleet), fixes);
  }

  private encode(fleet: FleetBatch): Uint8Array {
    const names: Array<[number, string]> = [];
    const records: PositionRecord[] = [];
    for (const [vehicleId, message] of fleet.pending) {
      const record = toRecord(message);
      if (!record) continue;
      let index = fleet.index.get(vehicleId);
      if (index === undefined) {
        index = fleet.ids.push(vehicleId) - 1;
        fleet.index.set(vehicleId, index);
        names.push([index, vehicleId]);
      }
      record.index = index;
      const { trip_id: tripId, route_id: routeId } = message.payload;
      const sent = fleet.cold.get(vehicleId);
      if (sent?.tripId !== tripId || sent?.routeId !== routeId || !sent) {
        fleet.cold.set(vehicleId, { tripId, routeId });
        record.cold = coldOf(message);
      }
      fleet.latest.set(vehicleId, message);
      records.push(record);
    }
    fleet.pending.clear();
    return encodePositionBatch({ seq: fleet.seq, names, records });
  }
}

function coldOf(m: LocationUpdate): NonNullable<PositionRecord['cold']> {
  const { trip_id: tripId, route_id: routeId } = m.payload;
  return {
    ...(tripId !== undefined && { tripId }),
    ...(routeId !== undefined && { routeId }),
  };
}

/** The hot fields of a fix; null when its position or time is unreadable. */
function toRecord(m: LocationUpdate): PositionRecord | null {
  const { location, telemetry } = m.payload;
  const deviceTime = Date.parse(m.payload.timestamp);
  const { latitude: lat, longitude: lon } = location;
  if (!Number.isFinite(deviceTime) || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    return null;
  }
  const record: PositionRecord = { index: 0, lat, lon, deviceTime };
  if (location.speed !== undefined) record.speed = location.speed;
  if (location.heading !== undefined) record.heading = location.heading;
  if (telemetry !== undefined) record.telemetry = telemetry;
  return record;
}
