import {
  decodePositionBatch,
  type FleetSnapshot,
  type PositionBatchProblem,
} from '../protocol';
import type { Vehicle } from './vehicle';

/** A live fix from a `positions` batch, before the browser stamps its arrival. */
export type LiveFix = Omit<Vehicle, 'receivedAt' | 'fromSnapshot'>;

export type ReadFixes =
  | { ok: true; fixes: LiveFix[]; seq: number }
  | { ok: false; error: PositionBatchProblem };

interface Trip {
  tripId?: string;
  routeId?: string;
}

/**
 * Turns one socket's `positions` batches into vehicles' fixes: it holds
 * the fleet's position index, from the snapshot and then each batch's new
 * names, and each vehicle's trip and route, which a batch states only when
 * they change. One per connection: every (re)connect starts from its
 * snapshot (docs/protocol.md, "Socket.IO positions").
 */
export class PositionFixes {
  private ids: string[] = [];
  private readonly trips = new Map<string, Trip>();

  constructor(private readonly fleetId: string) {}

  snapshot(s: FleetSnapshot): void {
    this.ids = [...(s.positions_index ?? [])];
    this.trips.clear();
    for (const { payload: p } of s.vehicles) {
      this.trips.set(p.vehicle_id, {
        ...(p.trip_id !== undefined && { tripId: p.trip_id }),
        ...(p.route_id !== undefined && { routeId: p.route_id }),
      });
    }
  }

  /**
   * The fixes of a batch, in its order. A record whose index is still
   * unknown is skipped: only a server that broke the protocol sends one.
   */
  read(bytes: ArrayBuffer | ArrayBufferView): ReadFixes {
    const decoded = decodePositionBatch(bytes);
    if (!decoded.ok) return decoded;
    const { names, records, seq } = decoded.batch;
    for (const [index, id] of names) this.ids[index] = id;

    const fixes: LiveFix[] = [];
    for (const r of records) {
      const id = this.ids[r.index];
      if (id === undefined) continue;
      if (r.cold) this.trips.set(id, r.cold);
      const trip = this.trips.get(id);
      const fix: LiveFix = {
        id,
        fleetId: this.fleetId,
        lat: r.lat,
        lon: r.lon,
        deviceTime: r.deviceTime,
      };
      if (r.heading !== undefined) fix.heading = r.heading;
      if (r.speed !== undefined) fix.speed = r.speed;
      if (trip?.tripId !== undefined) fix.tripId = trip.tripId;
      if (trip?.routeId !== undefined) fix.routeId = trip.routeId;
      if (r.telemetry !== undefined) fix.telemetry = r.telemetry;
      fixes.push(fix);
    }
    return { ok: true, fixes, seq };
  }
}
