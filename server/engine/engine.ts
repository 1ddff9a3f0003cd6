import { randomUUID } from 'node:crypto';
import type {
  DriverStatus,
  RouteProgressPayload,
  FleetMetricsPayload,
  MaintenanceAlertPayload,
  PlaceRef,
  SafetyAlertPayload,
} from '../../lib/protocol';
import { round } from '../../lib/geo/units';
import type { FleetState } from '../fleet/fleet-state';
import type { RaiseOptions, UnsentAlert } from '../alerts/desk';
import type { VehicleState } from '../fleet/vehicle-state';
import type { Logger } from '../log';
import type { StreamHub } from '../stream/hub';
import { buildMetrics, FleetWindow, isOnTime } from './metrics';
import type { MaintenanceFinding } from './maintenance/types';
import type { Places } from './places';
import { PlanRegistry } from './transit/plan-registry';
import type { TrackerContext } from './transit/tracker';
import { VehicleEngine, type EngineSettings, type VehicleEvent } from './vehicle-engine';

/** Periods of metrics history kept in memory per fleet (two hours at 60 s). */
export const HISTORY_LIMIT = 120;

export interface EngineOptions {
  hub: StreamHub;
  state: FleetState;
  places: Places;
  log: Logger;
  settings: EngineSettings;
  /** Where each period's fleet metrics are kept, for charts. */
  saveMetrics?: (m: FleetMetricsPayload) => void;
  /**
   * Stores and then broadcasts each safety and maintenance alert. Without
   * it alerts are broadcast at once and kept nowhere (unit tests).
   */
  raiseAlert?: (message: UnsentAlert, opts: RaiseOptions) => Promise<unknown>;
  /**
   * Fleets whose metrics come ready-made from elsewhere (bridge mode):
   * publishing ours too would give their clients two of each period.
   */
  relayed?: (fleetId: string) => boolean;
  now?: () => number;
}

/**
 * Derives what nobody sends ready-made — trips, driver status, engine
 * telemetry, safety and maintenance alerts, fleet metrics — from each
 * vehicle's ordered fixes, and publishes it on the spec's channels.
 */
export class Engine {
  /** Trips planned through REST, followed like timetabled ones. */
  readonly plans = new PlanRegistry();
  private readonly vehicles = new Map<string, VehicleEngine>();
  /** Fleets with settings of their own; the rest use `opts.settings`. */
  private readonly fleetSettings = new Map<string, EngineSettings>();
  private readonly windows = new Map<string, FleetWindow>();
  private readonly lastMetrics = new Map<string, FleetMetricsPayload>();
  private readonly history = new Map<string, FleetMetricsPayload[]>();
  /** Each vehicle's alert writes, chained so they go out in order. */
  private readonly alertQueues = new Map<string, Promise<void>>();
  private periodStart: number;
  private transit: { context: TrackerContext; fleets: ReadonlySet<string> } | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: EngineOptions) {
    this.now = opts.now ?? Date.now;
    this.periodStart = this.now();
  }

  /** Feeds one vehicle's new current state (every accepted, in-order fix). */
  onState(s: VehicleState): void {
    const reg = this.opts.state.vehicle(s.vehicleId);
    if (!reg) return;
    let v = this.vehicles.get(s.vehicleId);
    if (!v) {
      const timetable = this.transit?.fleets.has(s.fleetId)
        ? this.transit.context
        : undefined;
      const settings = this.fleetSettings.get(s.fleetId) ?? this.opts.settings;
      v = new VehicleEngine(s.vehicleId, s.fleetId, reg.timeScale, settings, {
        registry: this.plans,
        ...(timetable !== undefined && { timetable }),
      });
      this.vehicles.set(s.vehicleId, v);
    }
    const events = v.step(s, this.now());
    const window = this.window(s.fleetId);
    window.distanceKm += v.lastStepKm;
    if (v.lastStepFuel) {
      window.fuelLitres += v.lastStepFuel.litres;
      window.fuelKm += v.lastStepFuel.km;
    }
    if ((s.fix.speedKmh ?? 0) >= 2) window.addSpeed(s.fix.speedKmh ?? 0);
    for (const e of events) this.publish(s, v, e);
  }

  /**
   * Timetables for these fleets: their vehicles are followed stop by stop
   * (waypoints, route progress, ETA). Applies to vehicles first seen after.
   * Every vehicle also follows the trips planned for it through REST
   * (`plans`), which come first.
   */
  useTransit(context: TrackerContext, fleets: Iterable<string>): void {
    this.transit = { context, fleets: new Set(fleets) };
  }

  /** The settings of every fleet without its own. */
  get baseSettings(): EngineSettings {
    return this.opts.settings;
  }

  /**
   * Gives one fleet settings of its own. Its vehicles start over with
   * fresh detectors from their next fix: an episode under way is dropped
   * rather than judged half by the old thresholds and half by the new.
   */
  configureFleet(fleetId: string, settings: EngineSettings): void {
    this.fleetSettings.set(fleetId, settings);
    for (const [id, v] of this.vehicles) {
      if (v.fleetId === fleetId) this.vehicles.delete(id);
    }
  }

  /** What the location_update carries beyond the fix, when known. */
  extrasOf(vehicleId: string): {
    progress?: RouteProgressPayload;
    driverStatus?: DriverStatus;
  } {
    const v = this.vehicles.get(vehicleId);
    if (!v) return {};
    const status = v.driverStatus;
    return {
      ...(v.progress !== undefined && { progress: v.progress }),
      ...(status !== undefined && { driverStatus: status }),
    };
  }

  /** The vehicle's engine, for what it follows (its planned trip). */
  vehicle(vehicleId: string): VehicleEngine | undefined {
    return this.vehicles.get(vehicleId);
  }

  /**
   * A status set by a person (dispatcher or admin). It holds until the
   * vehicle next drives. Returns false for a vehicle never seen moving.
   */
  setDriverStatus(vehicleId: string, status: DriverStatus): boolean {
    const v = this.vehicles.get(vehicleId);
    const s = this.opts.state.state(vehicleId);
    if (!v || !s) return false;
    const t = v.clock.physical(v.clock.deviceNow(this.now()));
    const change = v.setDriverStatus(status, t);
    if (!change) return true;
    this.opts.hub.publish(s.fleetId, {
      type: 'driver_status',
      timestamp: new Date(v.clock.device(t)).toISOString(),
      channel: 'driver_status',
      payload: {
        vehicle_id: vehicleId,
        fleet_id: s.fleetId,
        status,
        ...(change.previous !== undefined && { previous_status: change.previous }),
        source: 'manual',
        since: new Date(v.clock.device(t)).toISOString(),
      },
    });
    return true;
  }

  /** Periodic work: silent devices, and fleet metrics when a period ends. */
  tick(): void {
    const now = this.now();
    for (const v of this.vehicles.values()) {
      const finding = v.checkSilence(now);
      const state = this.opts.state.state(v.vehicleId);
      if (finding && state) this.publish(state, v, { kind: 'maintenance', finding });
    }
    if (now - this.periodStart >= this.opts.settings.metricsIntervalMs)
      this.publishMetrics(now);
  }

  /** Ends the current period now and publishes every fleet's metrics. */
  publishMetrics(now = this.now()): void {
    for (const fleetId of this.opts.state.fleetIds()) {
      if (this.opts.relayed?.(fleetId)) continue;
      const payload = buildMetrics({
        fleetId,
        start: this.periodStart,
        end: now,
        activeVehicles: this.activeVehicles(fleetId, now),
        window: this.window(fleetId),
        previous: this.lastMetrics.get(fleetId),
      });
      this.lastMetrics.set(fleetId, payload);
      this.remember(payload);
      this.windows.set(fleetId, new FleetWindow());
      this.opts.hub.publish(fleetId, {
        type: 'fleet_metrics',
        timestamp: payload.period.end,
        channel: 'fleet_metrics',
        payload,
      });
      this.opts.saveMetrics?.(payload);
    }
    this.periodStart = now;
  }

  /** Recent periods of a fleet, oldest first, for charts. */
  metricsHistory(fleetId: string): readonly FleetMetricsPayload[] {
    return this.history.get(fleetId) ?? [];
  }

  /** Restores stored history at start-up so charts survive a restart. */
  seedHistory(fleetId: string, stored: readonly FleetMetricsPayload[]): void {
    for (const m of stored) this.remember(m);
    const last = stored.at(-1);
    if (last) this.lastMetrics.set(fleetId, last);
  }

  /** Resolves once every alert raised so far is stored and broadcast. */
  async settled(): Promise<void> {
    await Promise.all(this.alertQueues.values());
  }

  private remember(m: FleetMetricsPayload): void {
    const list = this.history.get(m.fleet_id) ?? [];
    list.push(m);
    if (list.length > HISTORY_LIMIT) list.splice(0, list.length - HISTORY_LIMIT);
    this.history.set(m.fleet_id, list);
  }

  private activeVehicles(fleetId: string, now: number): number {
    const fresh = this.opts.settings.activeWithinMs;
    return this.opts.state.snapshot(fleetId).filter((s) => now - s.receivedAt <= fresh)
      .length;
  }

  private window(fleetId: string): FleetWindow {
    let w = this.windows.get(fleetId);
    if (!w) {
      w = new FleetWindow();
      this.windows.set(fleetId, w);
    }
    return w;
  }

  private publish(s: VehicleState, v: VehicleEngine, e: VehicleEvent): void {
    const { hub } = this.opts;
    const fleetId = s.fleetId;
    const window = this.window(fleetId);
    const iso = (physical: number) => new Date(v.clock.device(physical)).toISOString();

    switch (e.kind) {
      case 'trip': {
        if (e.payload.event === 'trip_started') window.tripsStarted++;
        if (e.payload.event === 'waypoint_reached') {
          window.stopsServed++;
          const delay = e.delaySeconds;
          if (delay !== undefined) {
            window.judged++;
            if (isOnTime(delay)) window.onTime++;
          }
        }
        hub.publish(fleetId, {
          type: 'trip_event',
          timestamp: iso(e.t),
          channel: 'trip_events',
          payload: e.payload,
        });
        return;
      }
      case 'driver_status':
        hub.publish(fleetId, {
          type: 'driver_status',
          timestamp: iso(e.t),
          channel: 'driver_status',
          payload: {
            vehicle_id: s.vehicleId,
            fleet_id: fleetId,
            status: e.status,
            ...(e.previous !== undefined && { previous_status: e.previous }),
            source: 'motion',
            since: iso(e.t),
          },
        });
        return;
      case 'telemetry':
        hub.publish(fleetId, {
          type: 'telemetry_update',
          timestamp: iso(e.t),
          channel: 'telemetry',
          payload: {
            vehicle_id: s.vehicleId,
            fleet_id: fleetId,
            sampled_at: iso(e.t),
            telemetry: e.telemetry,
          },
        });
        return;
      case 'route_progress':
        hub.publish(fleetId, {
          type: 'route_progress',
          timestamp: iso(e.t),
          channel: 'route_progress',
          payload: e.payload,
        });
        return;
      case 'safety': {
        if (!e.resolved && !e.continuation) window.alerts[e.severity]++;
        const payload: SafetyAlertPayload = {
          alert_id: `alert_${randomUUID()}`,
          severity: e.severity,
          category: e.category,
          vehicle_id: s.vehicleId,
          fleet_id: fleetId,
          ...(s.fix.tripId !== undefined && { trip_id: s.fix.tripId }),
          location: this.place(e.lat ?? s.fix.lat, e.lon ?? s.fix.lon),
          event_data: e.eventData,
          recommended_actions: e.recommendedActions,
          auto_resolved: e.resolved === true,
        };
        this.emitAlert(
          { type: 'safety_alert', timestamp: iso(e.t), channel: 'alerts', payload },
          { continuation: e.continuation === true, ongoing: e.ongoing === true },
        );
        return;
      }
      case 'maintenance': {
        const f = e.finding;
        if (!f.resolved) window.alerts[f.severity]++;
        this.emitAlert({
          type: 'maintenance_alert',
          timestamp: iso(f.t),
          channel: 'maintenance_alerts',
          payload: this.maintenancePayload(s, f),
        });
        return;
      }
    }
  }

  /**
   * An alert must be stored before anyone sees it, and a vehicle's alerts
   * must go out in the order found (a resolution never before its alert),
   * so each vehicle's writes wait for the one before.
   */
  private emitAlert(message: UnsentAlert, opts: RaiseOptions = {}): void {
    const raise = this.opts.raiseAlert;
    const { fleet_id: fleetId, vehicle_id: vehicleId } = message.payload;
    if (!raise) {
      this.opts.hub.publish(fleetId, message);
      return;
    }
    const before = this.alertQueues.get(vehicleId) ?? Promise.resolve();
    const next: Promise<void> = before
      .then(async () => {
        await raise(message, opts);
      })
      .catch((error: unknown) => this.opts.log.error('alert not raised', { error }));
    this.alertQueues.set(vehicleId, next);
    void next.finally(() => {
      if (this.alertQueues.get(vehicleId) === next) this.alertQueues.delete(vehicleId);
    });
  }

  private maintenancePayload(
    s: VehicleState,
    f: MaintenanceFinding,
  ): MaintenanceAlertPayload {
    return {
      alert_id: `maint_${randomUUID()}`,
      severity: f.severity,
      category: f.category,
      vehicle_id: s.vehicleId,
      fleet_id: s.fleetId,
      location: this.place(s.fix.lat, s.fix.lon),
      event_data: f.eventData,
      recommended_actions: f.recommendedActions,
      auto_resolved: f.resolved === true,
    };
  }

  private place(lat: number, lon: number): PlaceRef {
    const address = this.opts.places.describe(lat, lon);
    const ref: PlaceRef = { latitude: round(lat, 6), longitude: round(lon, 6) };
    return address === undefined ? ref : { ...ref, address };
  }
}
