import type { LocationUpdate, StreamMessage } from '../../lib/protocol';
import { mirrorAlert, type RelayedAlert } from '../db/mirrored-alerts';
import { registerFleets } from '../db/fleets';
import type { Db } from '../db/open';
import type { FleetState } from '../fleet/fleet-state';
import type { VehicleState } from '../fleet/vehicle-state';
import type { Fix } from '../ingest/fix';
import type { StreamHub } from '../stream/hub';

export interface RelayDeps {
  db: Db;
  state: FleetState;
  hub: StreamHub;
  now?: () => number;
}

/** What became of one upstream message. */
export type Relayed = 'published' | 'unchanged';

/**
 * Republishes another server's stream as this server's own. Events were
 * derived upstream, so nothing here derives them again: positions skip
 * ingest and the engine, and go straight to the live state and the hub;
 * alerts are stored as the upstream reports them, then published; every
 * other event is published as it came. The hub gives each message this
 * server's id and `seq`, so local clients resume against local offsets.
 *
 * Calls must come one at a time, in upstream order (`relay` waits on
 * the database): `BridgeLink` chains them.
 */
export class Relay {
  private readonly now: () => number;
  private readonly knownFleets = new Set<string>();

  constructor(private readonly deps: RelayDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Makes the upstream's fleets this server's, under the same ids. */
  async adoptFleets(
    fleets: ReadonlyArray<{ id: string; name: string; timezone: string }>,
  ) {
    await registerFleets(this.deps.db, fleets, []);
    for (const f of fleets) {
      this.deps.state.registerFleet(f);
      this.knownFleets.add(f.id);
    }
  }

  /** True for a fleet whose stream comes from the upstream. */
  relays(fleetId: string): boolean {
    return this.knownFleets.has(fleetId);
  }

  async relay(message: StreamMessage): Promise<Relayed> {
    const fleetId = message.payload.fleet_id;
    if (!this.knownFleets.has(fleetId)) {
      // Ahead of the fleet list, or granted after it was read: adopt the
      // fleet as stored here, or by its id alone until the list comes.
      const local = this.deps.state.fleet(fleetId);
      await this.adoptFleets([local ?? { id: fleetId, name: fleetId, timezone: 'UTC' }]);
    }
    switch (message.channel) {
      case 'vehicle_locations':
        await this.position(message);
        break;
      case 'alerts':
      case 'maintenance_alerts':
        if (!(await mirrorAlert(this.deps.db, message as RelayedAlert))) {
          return 'unchanged';
        }
        break;
    }
    this.publish(message);
    return 'published';
  }

  private publish(message: StreamMessage): void {
    const { id: _id, seq: _seq, ...unsent } = message;
    this.deps.hub.publish(message.payload.fleet_id, unsent);
  }

  /** The upstream's newest fix becomes the vehicle's state here. */
  private async position(m: LocationUpdate): Promise<void> {
    const p = m.payload;
    const { state } = this.deps;
    const known = state.vehicle(p.vehicle_id);
    if (known?.fleetId !== p.fleet_id) {
      const vehicle = {
        id: p.vehicle_id,
        fleetId: p.fleet_id,
        label: known?.label ?? p.vehicle_id,
        timeScale: 1,
      };
      await registerFleets(this.deps.db, [], [vehicle]);
      state.register(vehicle);
    }
    state.restore(toState(m, this.now()));
  }
}

function toState(m: LocationUpdate, receivedAt: number): VehicleState {
  const p = m.payload;
  const { location: l, telemetry: t } = p;
  const fix: Fix = {
    vehicleId: p.vehicle_id,
    deviceTime: Date.parse(p.timestamp),
    lat: l.latitude,
    lon: l.longitude,
    ...(l.speed !== undefined && { speedKmh: l.speed }),
    ...(l.heading !== undefined && { heading: l.heading }),
    ...(l.accuracy !== undefined && { accuracyM: l.accuracy }),
    ...(l.altitude !== undefined && { altitudeM: l.altitude }),
    ...(p.trip_id !== undefined && { tripId: p.trip_id }),
    ...(p.route_id !== undefined && { routeId: p.route_id }),
    ...(t?.engine_rpm !== undefined && { engineRpm: t.engine_rpm }),
    ...(t?.engine_load !== undefined && { engineLoad: t.engine_load }),
    ...(t?.engine_temp !== undefined && { engineTemp: t.engine_temp }),
    ...(t?.fuel_level !== undefined && { fuelLevel: t.fuel_level }),
  };
  return {
    vehicleId: p.vehicle_id,
    fleetId: p.fleet_id,
    fix,
    ...(l.heading !== undefined && { heading: l.heading }),
    odometerKm: t?.odometer ?? 0,
    receivedAt,
  };
}
