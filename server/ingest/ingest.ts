import type { FleetState } from '../fleet/fleet-state';
import type { VehicleState } from '../fleet/vehicle-state';
import type { Fix } from './fix';
import {
  DEFAULT_POLICY,
  validateFix,
  type Rejection,
  type ValidationPolicy,
} from './validate';

export type Outcome = 'current' | 'late' | 'duplicate' | 'rejected';

export interface IngestResult {
  outcome: Outcome;
  rejection?: Rejection;
}

export interface IngestDeps {
  state: FleetState;
  /** Keeps every accepted fix, current or late, as history. */
  store: (fix: Fix, odometerKm: number | undefined, receivedAt: number) => void;
  /** Called with the vehicle's new state when a fix becomes its current one. */
  onCurrent: (state: VehicleState) => void;
  now?: () => number;
  policy?: ValidationPolicy;
}

/**
 * The single path every position takes, whatever its source (replay, HTTP,
 * device protocols): validate, order by device time, store, publish.
 */
export class Ingest {
  readonly counts: Record<Outcome, number> = {
    current: 0,
    late: 0,
    duplicate: 0,
    rejected: 0,
  };
  readonly rejectedBy = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly deps: IngestDeps) {
    this.now = deps.now ?? Date.now;
  }

  accept(fix: Fix): IngestResult {
    const receivedAt = this.now();
    const checked = validateFix(fix, receivedAt, this.deps.policy ?? DEFAULT_POLICY);
    if (!checked.ok) return this.reject(checked.rejection);

    const applied = this.deps.state.apply(checked.fix, receivedAt);
    if (!applied) return this.reject(unregistered(fix));
    this.counts[applied.kind]++;
    if (applied.kind === 'duplicate') return { outcome: 'duplicate' };

    if (applied.kind === 'late') {
      this.deps.store(checked.fix, undefined, receivedAt);
      return { outcome: 'late' };
    }
    const { state } = applied;
    // Store the heading derived from the track, so a restart keeps the arrow.
    const stored =
      state.heading === undefined
        ? checked.fix
        : { ...checked.fix, heading: state.heading };
    this.deps.store(stored, state.odometerKm, receivedAt);
    this.deps.onCurrent(state);
    return { outcome: 'current' };
  }

  /**
   * Keeps a fix as history only (a file import): the same policy, stored
   * like a late fix, but it never becomes the vehicle's current state, so
   * nothing is published and no detector sees it.
   */
  keep(fix: Fix): IngestResult {
    const receivedAt = this.now();
    const checked = validateFix(fix, receivedAt, this.deps.policy ?? DEFAULT_POLICY);
    if (!checked.ok) return this.reject(checked.rejection);
    if (!this.deps.state.vehicle(fix.vehicleId)) return this.reject(unregistered(fix));

    const current = this.deps.state.state(fix.vehicleId);
    if (current?.fix.deviceTime === fix.deviceTime) {
      this.counts.duplicate++;
      return { outcome: 'duplicate' };
    }
    this.counts.late++;
    this.deps.store(checked.fix, undefined, receivedAt);
    return { outcome: 'late' };
  }

  private reject(rejection: Rejection): IngestResult {
    this.counts.rejected++;
    const n = this.rejectedBy.get(rejection.reason) ?? 0;
    this.rejectedBy.set(rejection.reason, n + 1);
    return { outcome: 'rejected', rejection };
  }
}

function unregistered(fix: Fix): Rejection {
  return {
    reason: 'unknown_vehicle',
    field: 'vehicleId',
    message: `vehicle ${fix.vehicleId} is not registered to any fleet`,
  };
}
