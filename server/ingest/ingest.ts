import { Counter, type Metric } from 'prom-client';
import type { FleetState } from '../fleet/fleet-state';
import type { VehicleState } from '../fleet/vehicle-state';
import type { Fix } from './fix';
import { JumpGuard } from './jumps';
import { Quarantine, type RefusedFix } from './quarantine';
import {
  DEFAULT_MAX_SPEED_KMH,
  DEFAULT_POLICY,
  validateFix,
  type Correction,
  type Rejection,
  type Validated,
  type ValidationPolicy,
} from './validate';

export type Outcome = 'current' | 'late' | 'duplicate' | 'rejected';

export interface IngestResult {
  outcome: Outcome;
  rejection?: Rejection;
}

export interface IngestPolicy extends ValidationPolicy {
  /** Consistent fixes at a new place that end a teleport hold; default 3. */
  reanchorAfter?: number;
}

export interface IngestDeps {
  state: FleetState;
  /** Keeps every accepted fix, current or late, as history. */
  store: (fix: Fix, odometerKm: number | undefined, receivedAt: number) => void;
  /** Called with the vehicle's new state when a fix becomes its current one. */
  onCurrent: (state: VehicleState) => void;
  now?: () => number;
  policy?: IngestPolicy;
}

export const DEFAULT_REANCHOR_AFTER = 3;

/**
 * Two fixes of one vehicle that differ only in device time, and by less
 * than this, are one fix sent twice: a batch re-uploaded with its times
 * rounded to the second. A reading that changed (speed, rpm) is news.
 */
export const NEAR_DUPLICATE_MS = 1000;

/**
 * The single path every position takes, whatever its source (replay, HTTP,
 * device protocols): validate, order by device time, hold back jumps,
 * store, publish. Whatever it refuses lands in the vehicle's quarantine
 * and in `fleetlight_ingest_rejected_total{reason}`.
 */
export class Ingest {
  readonly counts: Record<Outcome, number> = {
    current: 0,
    late: 0,
    duplicate: 0,
    rejected: 0,
  };
  readonly rejectedBy = new Map<string, number>();
  readonly quarantine = new Quarantine();
  /** For Ops to register; they belong to no registry until then. */
  readonly metrics: Metric[];
  private readonly now: () => number;
  private readonly policy: IngestPolicy;
  private readonly jumps: JumpGuard;
  private readonly rejectedTotal: Counter<'reason'>;
  private readonly correctedTotal: Counter<'kind'>;

  constructor(private readonly deps: IngestDeps) {
    this.now = deps.now ?? Date.now;
    this.policy = deps.policy ?? DEFAULT_POLICY;
    this.jumps = new JumpGuard({
      maxSpeedKmh: this.policy.maxSpeedKmh ?? DEFAULT_MAX_SPEED_KMH,
      reanchorAfter: this.policy.reanchorAfter ?? DEFAULT_REANCHOR_AFTER,
    });
    this.rejectedTotal = new Counter({
      name: 'fleetlight_ingest_rejected_total',
      help: 'Fixes refused or held back by the ingest policy, by reason',
      labelNames: ['reason'],
      registers: [],
    });
    this.correctedTotal = new Counter({
      name: 'fleetlight_ingest_corrected_total',
      help: 'Fixes the ingest policy took after repairing them, by kind',
      labelNames: ['kind'],
      registers: [],
    });
    this.metrics = [this.rejectedTotal, this.correctedTotal];
  }

  accept(input: Fix): IngestResult {
    const receivedAt = this.now();
    const checked = validateFix(input, receivedAt, this.policy);
    if (!checked.ok) return this.reject(checked.rejection, input, receivedAt);
    const fix = checked.fix;
    const reg = this.deps.state.vehicle(fix.vehicleId);
    if (!reg) return this.reject(unregistered(fix), fix, receivedAt);
    this.corrected(fix.vehicleId, checked.corrections);

    const prev = this.deps.state.state(fix.vehicleId)?.fix;
    if (prev && isNearDuplicate(prev, fix)) return this.duplicate(fix.vehicleId);
    if (prev && fix.deviceTime <= prev.deviceTime) return this.apply(fix, receivedAt);

    const jump = this.jumps.check(prev, fix, reg.timeScale);
    if (jump.kind === 'swapped') {
      const rejection = swapped(jump.message);
      return this.reject(rejection, fix, receivedAt);
    }
    if (jump.kind === 'held') {
      const rejection = teleport(jump.message);
      return this.reject(rejection, fix, receivedAt);
    }
    if (jump.kind === 'pass') return this.apply(fix, receivedAt);

    // The vehicle really is elsewhere: the run plays in as a fresh track.
    this.quarantine.reanchored(fix.vehicleId);
    let result: IngestResult = { outcome: 'current' };
    jump.fixes.forEach((f, i) => {
      result = this.apply(i === 0 ? { ...f, trackBreak: true } : f, receivedAt);
    });
    return result;
  }

  /**
   * Keeps a fix as history only (a file import): the same policy, stored
   * like a late fix, but it never becomes the vehicle's current state, so
   * nothing is published and no detector sees it.
   */
  keep(input: Fix): IngestResult {
    const receivedAt = this.now();
    const checked = validateFix(input, receivedAt, this.policy);
    if (!checked.ok) return this.reject(checked.rejection, input, receivedAt);
    const fix = checked.fix;
    if (!this.deps.state.vehicle(fix.vehicleId)) {
      return this.reject(unregistered(fix), fix, receivedAt);
    }
    this.corrected(fix.vehicleId, checked.corrections);

    const current = this.deps.state.state(fix.vehicleId)?.fix;
    const same = current?.deviceTime === fix.deviceTime;
    if (current && (same || isNearDuplicate(current, fix))) {
      return this.duplicate(fix.vehicleId);
    }
    this.counts.late++;
    this.deps.store(fix, undefined, receivedAt);
    return { outcome: 'late' };
  }

  /** Validation alone, under this ingest's policy: nothing is kept. */
  validate(fix: Fix): Validated {
    return validateFix(fix, this.now(), this.policy);
  }

  /**
   * Records a fix refused before it reached ingest (unreadable at the
   * source's edge, another fleet's vehicle), so every refusal is counted
   * once in the metric and, for a registered vehicle, in its quarantine.
   */
  refused(vehicleId: string | undefined, fix: RefusedFix): void {
    this.rejectedTotal.inc({ reason: fix.reason });
    if (vehicleId === undefined || !this.deps.state.vehicle(vehicleId)) return;
    this.quarantine.refused(vehicleId, this.now(), fix);
  }

  /** Folds a validated fix into the vehicle's state, then stores it. */
  private apply(fix: Fix, receivedAt: number): IngestResult {
    const applied = this.deps.state.apply(fix, receivedAt);
    if (!applied) return this.reject(unregistered(fix), fix, receivedAt);
    if (applied.kind === 'duplicate') return this.duplicate(fix.vehicleId);
    this.counts[applied.kind]++;

    if (applied.kind === 'late') {
      this.deps.store(fix, undefined, receivedAt);
      return { outcome: 'late' };
    }
    const { state } = applied;
    // Store the heading derived from the track, so a restart keeps the arrow.
    const stored = state.heading === undefined ? fix : { ...fix, heading: state.heading };
    this.deps.store(stored, state.odometerKm, receivedAt);
    this.deps.onCurrent(state);
    return { outcome: 'current' };
  }

  private duplicate(vehicleId: string): IngestResult {
    this.counts.duplicate++;
    this.quarantine.duplicate(vehicleId);
    return { outcome: 'duplicate' };
  }

  private corrected(vehicleId: string, kinds: readonly Correction[] | undefined): void {
    if (!kinds) return;
    this.quarantine.corrected(vehicleId, kinds);
    for (const kind of kinds) this.correctedTotal.inc({ kind });
  }

  private reject(rejection: Rejection, fix: Fix, at: number): IngestResult {
    this.counts.rejected++;
    const n = this.rejectedBy.get(rejection.reason) ?? 0;
    this.rejectedBy.set(rejection.reason, n + 1);
    this.rejectedTotal.inc({ reason: rejection.reason });
    if (typeof fix.vehicleId === 'string' && this.deps.state.vehicle(fix.vehicleId)) {
      this.quarantine.refused(fix.vehicleId, at, {
        reason: rejection.reason,
        message: rejection.message,
        deviceTime: fix.deviceTime,
        lat: fix.lat,
        lon: fix.lon,
      });
    }
    return { outcome: 'rejected', rejection };
  }
}

function isNearDuplicate(a: Fix, b: Fix): boolean {
  const dt = Math.abs(a.deviceTime - b.deviceTime);
  if (dt === 0 || dt >= NEAR_DUPLICATE_MS) return false;
  return sameReadings(a, b);
}

/** Equal in every field but the clocks and the track break. */
function sameReadings(a: Fix, b: Fix): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as Array<keyof Fix>);
  for (const k of keys) {
    if (k === 'deviceTime' || k === 'sourceTime' || k === 'trackBreak') continue;
    if (a[k] !== b[k]) return false;
  }
  return true;
}

function unregistered(fix: Fix): Rejection {
  return {
    reason: 'unknown_vehicle',
    field: 'vehicleId',
    message: `vehicle ${fix.vehicleId} is not registered to any fleet`,
  };
}

function swapped(message: string): Rejection {
  return { reason: 'swapped_coordinates', field: 'lat/lon', message };
}

function teleport(message: string): Rejection {
  return { reason: 'teleport', field: 'lat/lon', message };
}
