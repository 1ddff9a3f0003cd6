import type {
  DriverStatus,
  RouteProgressPayload,
  Severity,
  TelemetryPayload,
  TripEventPayload,
} from '../../lib/protocol';
import { round } from '../../lib/geo/units';
import type { VehicleState } from '../fleet/vehicle-state';
import { VehicleClock } from './clock';
import { RECOMMENDED_ACTIONS } from './detectors/actions';
import { createSafetyDetectors } from './detectors/all';
import { RouteDeviation, type JudgedTrip } from './detectors/route-deviation';
import type { SafetySettings } from './detectors/settings';
import { LiveEpisodes, type LiveEvent } from './detectors/live';
import { DriverStatusDetector, type DriverStatusSettings } from './driver-status';
import { FuelMeter, type FuelStep } from './fuel';
import { EngineTemperature } from './maintenance/engine-temperature';
import { LowFuel, ServiceDue } from './maintenance/fuel-and-service';
import type { MaintenanceFinding, MaintenanceSettings } from './maintenance/types';
import { step as trackTransit, type TrackerState } from './transit/tracker';
import type { TripRun } from './transit/tracker-state';
import { VehiclePlans, type PlanSources } from './transit/vehicle-plans';
import { mapTransitEvent } from './transit-mapping';
import { StopDetector } from './stops';
import { TripDetector, type MotionTripSettings, type TripChange } from './trips';

/** Shortest spacing of one vehicle's route_progress messages, physical ms. */
export const PROGRESS_EVERY_MS = 30_000;

export interface EngineSettings {
  /** Length of a fleet metrics period, wall ms. */
  metricsIntervalMs: number;
  /** Shortest spacing of one vehicle's telemetry messages, wall ms. */
  telemetryIntervalMs: number;
  /** A vehicle heard from within this long (wall ms) is active. */
  activeWithinMs: number;
  maintenance: MaintenanceSettings;
  driver: DriverStatusSettings;
  trips: MotionTripSettings;
  safety: SafetySettings;
}

/** What one vehicle's detectors found in one step; `t` is physical ms. */
export type VehicleEvent =
  | { kind: 'trip'; t: number; payload: TripEventPayload; delaySeconds?: number }
  | { kind: 'driver_status'; t: number; status: DriverStatus; previous?: DriverStatus }
  | { kind: 'telemetry'; t: number; telemetry: TelemetryPayload['telemetry'] }
  | { kind: 'route_progress'; t: number; payload: RouteProgressPayload }
  | {
      kind: 'safety';
      t: number;
      category: string;
      severity: Severity;
      eventData: Record<string, number | string>;
      recommendedActions: string[];
      /** The end of an episode reported before (`auto_resolved`). */
      resolved?: boolean;
      /** A later report of an episode already reported: updates its alert. */
      continuation?: boolean;
      /** The condition still holds (a lasting episode reported as it goes). */
      ongoing?: boolean;
      lat?: number;
      lon?: number;
    }
  | { kind: 'maintenance'; finding: MaintenanceFinding };

/**
 * One vehicle's detectors, fed its fixes in device-time order. Converts
 * the device clock to physical time at the door, so every detector
 * reasons about real seconds whatever the replay speed.
 */
export class VehicleEngine {
  readonly clock: VehicleClock;
  /** Distance of the last step, km (for fleet totals). */
  lastStepKm = 0;
  /** Fuel and distance of the last step, where air flow was known. */
  lastStepFuel: FuelStep | undefined;
  private fuelMeter!: FuelMeter;
  private lastOdometer: number | undefined;
  private trips!: TripDetector;
  private stops!: StopDetector;
  private stopCount = 0;
  private driver!: DriverStatusDetector;
  private temperature!: EngineTemperature;
  private fuel!: LowFuel;
  private service!: ServiceDue;
  private safety!: LiveEpisodes[];
  private deviation!: RouteDeviation;
  private transitState: TrackerState = {};
  private readonly plans: VehiclePlans | undefined;
  private lastProgressAt = -Infinity;
  /** The newest route progress, for the location_update's block. */
  progress: RouteProgressPayload | undefined;
  private lastTelemetryWall = -Infinity;
  private lastFixWall: number | undefined;
  private lastPhysical = 0;
  private silent = false;

  constructor(
    readonly vehicleId: string,
    readonly fleetId: string,
    readonly timeScale: number,
    private readonly settings: EngineSettings,
    plans?: PlanSources,
  ) {
    this.clock = new VehicleClock(timeScale);
    this.plans = plans && new VehiclePlans(vehicleId, this.clock, plans);
    this.reset();
  }

  /** The planned trip the vehicle is on, until it passes the last stop. */
  get plannedRun(): TripRun | undefined {
    const run = this.transitState.trip;
    return run && !run.finished ? run : undefined;
  }

  /**
   * Fresh detectors: at start, and when the physical clock goes back (a
   * replay looping to its first recorded minute), since every detector
   * rightly refuses time running backwards.
   */
  private reset(): void {
    const { settings } = this;
    this.trips = new TripDetector(this.vehicleId, settings.trips);
    this.stops = new StopDetector();
    this.driver = new DriverStatusDetector(settings.driver);
    this.temperature = new EngineTemperature(settings.maintenance);
    this.fuel = new LowFuel(settings.maintenance);
    this.service = new ServiceDue(settings.maintenance);
    this.safety = createSafetyDetectors(settings.safety).map((d) => new LiveEpisodes(d));
    this.deviation = new RouteDeviation(settings.safety.routeDeviation);
    this.fuelMeter = new FuelMeter();
    this.transitState = {};
    this.progress = undefined;
    this.lastProgressAt = -Infinity;
  }

  step(s: VehicleState, wallNow: number): VehicleEvent[] {
    const { fix } = s;
    const t = this.clock.physical(fix.deviceTime, fix.sourceTime);
    const abandoned: LiveEvent[] = [];
    if (t < this.lastPhysical) {
      for (const d of this.safety) abandoned.push(...d.abandon(this.lastPhysical));
      this.reset();
    }
    this.lastPhysical = t;
    this.lastStepKm =
      this.lastOdometer === undefined ? 0 : s.odometerKm - this.lastOdometer;
    this.lastOdometer = s.odometerKm;
    this.lastStepFuel = this.fuelMeter.step(t, fix, s.odometerKm);
    const events: VehicleEvent[] = [];

    if (this.silent) {
      this.silent = false;
      events.push({ kind: 'maintenance', finding: backOnline(t) });
    }
    this.lastFixWall = wallNow;

    const sample = {
      t,
      lat: fix.lat,
      lon: fix.lon,
      ...(fix.speedKmh !== undefined && { speedKmh: fix.speedKmh }),
      ...(fix.tripId !== undefined && { tripId: fix.tripId }),
      ...(fix.routeId !== undefined && { routeId: fix.routeId }),
    };
    const onPlannedTrip = this.trackPlannedTrip(sample, s, events);
    this.checkDeviation(t, s, events);
    if (!onPlannedTrip) {
      for (const c of this.trips.step(sample)) events.push(this.tripEvent(c, s));
      this.detectStops(sample, s, events);
    }

    const onTrip = onPlannedTrip || this.trips.current !== undefined;
    const status = this.driver.step(t, fix.speedKmh, onTrip);
    if (status) {
      events.push({
        kind: 'driver_status',
        t,
        status: status.status,
        ...(status.previous !== undefined && { previous: status.previous }),
      });
    }

    for (const finding of [
      ...this.temperature.step(t, fix.engineTemp),
      ...this.fuel.step(t, fix.fuelLevel),
      ...this.service.step(t, s.odometerKm),
    ]) {
      events.push({ kind: 'maintenance', finding });
    }

    const sampleForSafety = {
      t,
      lat: fix.lat,
      lon: fix.lon,
      ...(fix.speedKmh !== undefined && { speedKmh: fix.speedKmh }),
      ...(fix.engineRpm !== undefined && { engineRpm: fix.engineRpm }),
      ...(fix.engineTemp !== undefined && { engineTemp: fix.engineTemp }),
    };
    const found = this.safety.flatMap((d) => d.step(sampleForSafety));
    for (const { event: e, continuation, ongoing } of [...abandoned, ...found]) {
      events.push({
        kind: 'safety',
        t: e.t,
        ...(continuation && { continuation }),
        ...(ongoing && { ongoing }),
        category: e.category,
        severity: e.severity,
        eventData: e.eventData,
        recommendedActions: RECOMMENDED_ACTIONS[e.category],
        ...(e.lat !== undefined && { lat: e.lat }),
        ...(e.lon !== undefined && { lon: e.lon }),
      });
    }

    const telemetry = this.telemetry(s, wallNow);
    if (telemetry) events.push({ kind: 'telemetry', t, telemetry });
    return events;
  }

  /**
   * Follows a vehicle on a planned trip, timetabled or sent through REST
   * (stops, delays, progress, ETA).
   * True while it is on one; the motion and trip-id rules handle the rest.
   */
  private trackPlannedTrip(
    sample: { t: number; lat: number; lon: number; speedKmh?: number; tripId?: string },
    s: VehicleState,
    events: VehicleEvent[],
  ): boolean {
    if (!this.plans) return false;
    const ready = this.plans.prepare(this.transitState, sample, s.fix.deviceTime);
    const result = trackTransit(ready.state, ready.fix, this.plans.context);
    this.transitState = result.state;
    const target = {
      vehicleId: s.vehicleId,
      fleetId: s.fleetId,
      ...(s.fix.routeId !== undefined && { routeId: s.fix.routeId }),
    };
    for (const e of [...ready.events, ...result.events]) {
      const mapped = mapTransitEvent(e, target, this.clock);
      if (!mapped) continue;
      if (mapped.kind === 'route_progress') {
        this.progress = mapped.payload;
        // The spec's cadence is 30–60 s: a dense feed (a car every 2 s)
        // updates the location_update block but not the channel.
        if (mapped.t - this.lastProgressAt < PROGRESS_EVERY_MS) continue;
        this.lastProgressAt = mapped.t;
      }
      events.push(mapped);
    }
    const run = this.transitState.trip;
    if (!run || run.finished) this.progress = undefined;
    return run !== undefined && !run.finished;
  }

  /**
   * Distance from the planned path, on a trip the tracker has confirmed
   * only: one it still doubts may be the feed naming the wrong trip (a
   * data error), and the vehicle would be "off" a route it never ran.
   */
  private checkDeviation(t: number, s: VehicleState, events: VehicleEvent[]): void {
    const run = this.transitState.trip;
    const judged: JudgedTrip | undefined =
      run && !run.finished && run.check === 'confirmed'
        ? {
            tripId: run.plan.tripId,
            path: run.plan.path,
            ...(s.fix.routeId !== undefined && { routeId: s.fix.routeId }),
          }
        : undefined;
    for (const e of this.deviation.step(t, s.fix, judged)) {
      events.push({
        kind: 'safety',
        t: e.t,
        category: 'route_deviation',
        severity: 'medium',
        eventData: e.eventData,
        recommendedActions: e.resolved ? [] : RECOMMENDED_ACTIONS.route_deviation,
        resolved: e.resolved,
      });
    }
  }

  /** Halts inside a trip found from motion, as `stop_detected` with dwell time. */
  private detectStops(
    sample: { t: number; lat: number; lon: number; speedKmh?: number },
    s: VehicleState,
    events: VehicleEvent[],
  ): void {
    const trip = this.trips.current;
    if (!trip) {
      this.stops.reset();
      return;
    }
    for (const stop of this.stops.step(
      sample.t,
      sample.lat,
      sample.lon,
      sample.speedKmh,
    )) {
      this.stopCount++;
      const payload: TripEventPayload = {
        event: 'stop_detected',
        trip_id: trip.tripId,
        vehicle_id: s.vehicleId,
        fleet_id: s.fleetId,
        ...(trip.routeId !== undefined && { route_id: trip.routeId }),
        waypoint: {
          waypoint_id: `${trip.tripId}-stop-${this.stopCount}`,
          location: { latitude: round(stop.lat, 6), longitude: round(stop.lon, 6) },
          arrival_time: new Date(this.clock.device(stop.at)).toISOString(),
          activity_type: 'stop',
          dwell_seconds: stop.dwellS,
        },
      };
      events.push({ kind: 'trip', t: stop.at, payload });
    }
  }

  get driverStatus(): DriverStatus | undefined {
    return this.driver.current;
  }

  setDriverStatus(status: DriverStatus, t: number) {
    return this.driver.setManual(status, t);
  }

  /** A device silent for too long (physical time) is reported once. */
  checkSilence(wallNow: number): MaintenanceFinding | undefined {
    if (this.silent || this.lastFixWall === undefined) return undefined;
    const silentMs = (wallNow - this.lastFixWall) * this.timeScale;
    if (silentMs < this.settings.maintenance.silentAfterMs) return undefined;
    this.silent = true;
    return {
      category: 'device_offline',
      severity: 'medium',
      t: this.lastPhysical + silentMs,
      eventData: { silent_minutes: Math.round(silentMs / 60_000) },
      recommendedActions: [
        'Check the tracking device and its power',
        'Contact the driver',
      ],
    };
  }

  /**
   * Engine values downsampled to the spec's cadence; nothing at all for a
   * vehicle that reports none (never zeros).
   */
  private telemetry(
    s: VehicleState,
    wallNow: number,
  ): TelemetryPayload['telemetry'] | undefined {
    const { fix } = s;
    const engine = {
      ...(fix.engineRpm !== undefined && { engine_rpm: Math.round(fix.engineRpm) }),
      ...(fix.engineLoad !== undefined && { engine_load: round(fix.engineLoad, 1) }),
      ...(fix.engineTemp !== undefined && { engine_temp: round(fix.engineTemp, 1) }),
      ...(fix.fuelLevel !== undefined && { fuel_level: round(fix.fuelLevel, 1) }),
      ...(fix.mafGs !== undefined && { maf: round(fix.mafGs, 2) }),
    };
    if (Object.keys(engine).length === 0) return undefined;
    if (wallNow - this.lastTelemetryWall < this.settings.telemetryIntervalMs)
      return undefined;
    this.lastTelemetryWall = wallNow;
    return {
      ...engine,
      odometer: round(s.odometerKm, 2),
      ...(fix.speedKmh !== undefined && { speed: round(fix.speedKmh, 1) }),
    };
  }

  private tripEvent(c: TripChange, s: VehicleState): VehicleEvent {
    const base = {
      trip_id: c.trip.tripId,
      vehicle_id: s.vehicleId,
      fleet_id: s.fleetId,
      // The trip's own route: a new trip id may come with a new route.
      ...(c.trip.routeId !== undefined && { route_id: c.trip.routeId }),
    };
    if (c.kind === 'started') {
      return {
        kind: 'trip',
        t: c.trip.startedAt,
        payload: { event: 'trip_started', ...base },
      };
    }
    const payload: TripEventPayload = {
      event: 'trip_completed',
      ...base,
      summary: {
        distance_km: round(c.trip.distanceKm, 2),
        duration_s: Math.round((c.trip.lastAt - c.trip.startedAt) / 1000),
        started_at: new Date(this.clock.device(c.trip.startedAt)).toISOString(),
      },
    };
    return { kind: 'trip', t: c.trip.lastAt, payload };
  }
}

function backOnline(t: number): MaintenanceFinding {
  return {
    category: 'device_offline',
    severity: 'medium',
    t,
    eventData: { reason: 'reporting again' },
    recommendedActions: [],
    resolved: true,
  };
}
