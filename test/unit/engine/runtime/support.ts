import type { Channel, ChannelMessages, StreamMessage } from '../../../../lib/protocol';
import { DEFAULT_SAFETY_SETTINGS } from '../../../../server/engine/detectors/settings';
import { DEFAULT_DRIVER_STATUS } from '../../../../server/engine/driver-status';
import { Engine, type EngineOptions } from '../../../../server/engine/engine';
import { DEFAULT_MAINTENANCE } from '../../../../server/engine/maintenance/types';
import { Places } from '../../../../server/engine/places';
import { DEFAULT_MOTION_TRIPS } from '../../../../server/engine/trips';
import type { EngineSettings } from '../../../../server/engine/vehicle-engine';
import { FleetState } from '../../../../server/fleet/fleet-state';
import type { Fix } from '../../../../server/ingest/fix';
import { createLogger } from '../../../../server/log';
import { StreamHub } from '../../../../server/stream/hub';

/** 2024-01-01T00:00:00Z: where every hand-made sequence starts. */
export const T0 = Date.UTC(2024, 0, 1);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

/** Metres per degree of latitude on the haversine sphere. */
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180;

/** A point `north` and `east` metres from a base point. */
export function offset(
  base: { lat: number; lon: number },
  north: number,
  east = 0,
): { lat: number; lon: number } {
  const lat = base.lat + north / M_PER_DEG;
  const lon = base.lon + east / (M_PER_DEG * Math.cos((base.lat * Math.PI) / 180));
  return { lat, lon };
}

/** Ann Arbor, where the hand-made vehicles drive. */
export const HOME = { lat: 42.2808, lon: -83.743 };

export function engineSettings(change: Partial<EngineSettings> = {}): EngineSettings {
  return {
    metricsIntervalMs: MINUTE,
    telemetryIntervalMs: 10 * SECOND,
    activeWithinMs: 5 * MINUTE,
    maintenance: DEFAULT_MAINTENANCE,
    driver: DEFAULT_DRIVER_STATUS,
    trips: DEFAULT_MOTION_TRIPS,
    safety: DEFAULT_SAFETY_SETTINGS,
    ...change,
  };
}

export interface RigVehicle {
  id: string;
  fleetId: string;
  timeScale?: number;
}

/**
 * A real FleetState, StreamHub and Engine with a hand-driven wall clock;
 * collects every message the engine publishes.
 */
export class Rig {
  readonly state = new FleetState();
  readonly hub = new StreamHub();
  readonly engine: Engine;
  readonly published: Array<{ fleetId: string; message: StreamMessage }> = [];
  wall = T0;

  constructor(
    vehicles: RigVehicle[],
    settings: EngineSettings = engineSettings(),
    raiseAlert?: EngineOptions['raiseAlert'],
  ) {
    for (const fleetId of new Set(vehicles.map((v) => v.fleetId))) {
      this.state.registerFleet({ id: fleetId, name: fleetId, timezone: 'UTC' });
    }
    for (const v of vehicles) {
      this.state.register({
        id: v.id,
        fleetId: v.fleetId,
        label: v.id,
        timeScale: v.timeScale ?? 1,
      });
    }
    this.hub.subscribe((p) => this.published.push(p));
    this.engine = new Engine({
      hub: this.hub,
      state: this.state,
      places: Places.empty(),
      log: createLogger('silent'),
      settings,
      now: () => this.wall,
      ...(raiseAlert !== undefined && { raiseAlert }),
    });
  }

  /** Ingests one fix at the current wall time, as the server's ingest does. */
  feed(fix: Fix): void {
    const applied = this.state.apply(fix, this.wall);
    if (applied?.kind !== 'current') throw new Error(`fix not current: ${applied?.kind}`);
    this.engine.onState(applied.state);
  }

  /** What was published on one channel, oldest first. */
  on<C extends Channel>(channel: C): Array<ChannelMessages[C]> {
    return this.published
      .map((p) => p.message)
      .filter((m): m is ChannelMessages[C] => m.channel === channel);
  }
}

/** A fix of `vehicleId` at device time `deviceTime`, at HOME unless moved. */
export function fix(vehicleId: string, deviceTime: number, more: Partial<Fix> = {}): Fix {
  return { vehicleId, deviceTime, ...HOME, ...more };
}
