import {
  sourceIdSchema,
  type FixRejectCode,
  type FixStatus,
  type SourceKind,
} from '../../lib/protocol';
import { registerFleets, type VehicleSpec } from '../db/fleets';
import type { Db } from '../db/open';
import type { FleetState } from '../fleet/fleet-state';
import type { Fix } from '../ingest/fix';
import type { Ingest, IngestResult } from '../ingest/ingest';
import type { SourceMonitor } from './health';

/** What became of one fix. */
export interface Verdict {
  status: FixStatus;
  code?: FixRejectCode;
  message?: string;
}

/**
 * A fix a source read, or the reason it could not read one, with the
 * vehicle it named when the source could tell (for its quarantine).
 */
export type Candidate =
  | { fix: Fix; label?: string }
  | { refused: { code: FixRejectCode; message: string }; vehicleId?: string };

export interface SubmitOptions {
  /** Store as history only, never as the current position (imports). */
  history?: boolean;
  /**
   * Register a vehicle the fleet does not know yet, with this clock scale;
   * when absent such a fix is refused as unknown_vehicle.
   */
  register?: { timeScale: number };
}

export interface GatewayDeps {
  db: Db;
  state: FleetState;
  ingest: Ingest;
  monitor: SourceMonitor;
  /** Writes queued positions, so a re-sent late fix is found stored. */
  flush: () => Promise<void>;
  /** Most vehicles a fleet may hold through registration here. */
  maxFleetVehicles: number;
}

/** SQLite binds at most 999 parameters; stay well under. */
const LOOKUP_CHUNK = 500;

/**
 * Where every source hands its fixes to ingest, so each one gets the same
 * policy and is counted alike: the fix must belong to the source's fleet,
 * a re-sent fix is a duplicate whether or not it is current (per vehicle
 * and device time, across restarts), and each outcome lands in the source
 * monitor.
 */
export class IngestGateway {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: GatewayDeps) {}

  /**
   * Ingests a batch in order, one batch at a time: the stored-fix check
   * and the ingest after it must not interleave with another batch, or
   * the same fix sent twice at once would be accepted twice.
   */
  submit(
    source: SourceKind,
    fleetId: string,
    batch: readonly Candidate[],
    opts: SubmitOptions = {},
  ): Promise<Verdict[]> {
    return this.exclusive(() => this.run(source, fleetId, batch, opts));
  }

  /**
   * A synchronous sink for sources whose device times only rise, such as
   * a replay: no stored-fix lookup, no registration.
   */
  sink(source: SourceKind, fleetId: string): (fix: Fix) => Verdict {
    return (fix) => {
      const verdict =
        this.deps.state.fleetOf(fix.vehicleId) === fleetId
          ? fromResult(this.deps.ingest.accept(fix))
          : this.refused(undefined, notInFleet(fix.vehicleId, fleetId));
      this.note(source, fleetId, verdict);
      return verdict;
    };
  }

  /**
   * Admits a batch without ingesting it, for a replay that plays it
   * later: vehicles are registered and refusals counted now; the answer
   * holds, per candidate, its fix or its refusal.
   */
  prepare(
    source: SourceKind,
    fleetId: string,
    batch: readonly Candidate[],
    opts: SubmitOptions,
  ): Promise<Array<Fix | Verdict>> {
    return this.exclusive(async () => {
      const admitted = await this.admit(fleetId, batch, opts);
      for (const a of admitted) if ('status' in a) this.note(source, fleetId, a);
      return admitted;
    });
  }

  /** Resolves once every fix taken so far is on disk. */
  flush(): Promise<void> {
    return this.deps.flush();
  }

  /** Counts a fix refused before it became one (an unknown device). */
  refuse(source: SourceKind, fleetId: string | undefined, code: FixRejectCode): void {
    this.deps.ingest.refused(undefined, { reason: code, message: '' });
    this.deps.monitor.record(source, fleetId, 'rejected', code);
  }

  /** Runs after every task queued before it; a failure stays its own. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(
    source: SourceKind,
    fleetId: string,
    batch: readonly Candidate[],
    opts: SubmitOptions,
  ): Promise<Verdict[]> {
    const admitted = await this.admit(fleetId, batch, opts);
    const fixes = admitted.filter((a): a is Fix => !('status' in a));
    const stored = await this.storedAmong(fixes, opts.history === true);
    const seen = new Set<string>();
    const { ingest } = this.deps;

    return admitted.map((a) => {
      let verdict: Verdict;
      if ('status' in a) verdict = a;
      else if (stored.has(keyOf(a)) || seen.has(keyOf(a))) {
        ingest.quarantine.duplicate(a.vehicleId);
        verdict = { status: 'duplicate' };
      } else {
        seen.add(keyOf(a));
        verdict = fromResult(opts.history ? ingest.keep(a) : ingest.accept(a));
      }
      this.note(source, fleetId, verdict);
      return verdict;
    });
  }

  /**
   * Settles which fixes may go in: the source's own refusals, fixes of
   * another fleet's vehicles, and new vehicles (registered here when the
   * source may, up to the fleet's limit).
   */
  private async admit(
    fleetId: string,
    batch: readonly Candidate[],
    opts: SubmitOptions,
  ): Promise<Array<Fix | Verdict>> {
    const { state } = this.deps;
    const fresh = new Map<string, VehicleSpec>();
    let room = this.deps.maxFleetVehicles - state.vehiclesOf(fleetId).length;

    const admitted = batch.map((c): Fix | Verdict => {
      if ('refused' in c) {
        // Only a vehicle of this fleet: another's quarantine is not ours to fill.
        const own = c.vehicleId && state.fleetOf(c.vehicleId) === fleetId;
        const verdict: Verdict = { status: 'rejected', ...c.refused };
        return this.refused(own ? c.vehicleId : undefined, verdict);
      }
      const id = c.fix.vehicleId;
      const owner = state.fleetOf(id) ?? fresh.get(id)?.fleetId;
      if (owner !== undefined) {
        if (owner === fleetId) return c.fix;
        return this.refused(undefined, notInFleet(id, fleetId));
      }
      const refusal = this.refuseNew(c.fix, fleetId, opts, room);
      if (refusal) return this.refused(undefined, refusal);

      const timeScale = opts.register?.timeScale ?? 1;
      fresh.set(id, { id, fleetId, label: c.label ?? id, timeScale });
      room--;
      return c.fix;
    });

    if (fresh.size > 0) {
      const vehicles = [...fresh.values()];
      await registerFleets(this.deps.db, [], vehicles);
      for (const v of vehicles) state.register(v);
    }
    return admitted;
  }

  /** Why a fix of a vehicle nobody registered may not register it. */
  private refuseNew(
    fix: Fix,
    fleetId: string,
    opts: SubmitOptions,
    room: number,
  ): Verdict | undefined {
    const id = fix.vehicleId;
    if (!opts.register) return notInFleet(id, fleetId);
    if (!sourceIdSchema.safeParse(id).success) {
      const message = 'vehicle id must be 1–64 letters, digits or . _ : @ -';
      return { status: 'rejected', code: 'invalid_vehicle', message };
    }
    // A fix ingest would refuse must not leave a vehicle behind.
    const checked = this.deps.ingest.validate(fix);
    if (!checked.ok) {
      const { reason, message } = checked.rejection;
      return { status: 'rejected', code: reason, message };
    }
    if (room <= 0) {
      const limit = this.deps.maxFleetVehicles;
      const message = `the fleet holds its limit of ${limit} vehicles`;
      return { status: 'rejected', code: 'fleet_full', message };
    }
    return undefined;
  }

  /**
   * Keys of the fixes already stored. Live, only a fix older than its
   * vehicle's current one can be (a newer one would be current); history
   * fixes may all be.
   */
  private async storedAmong(fixes: Fix[], history: boolean): Promise<Set<string>> {
    const byVehicle = new Map<string, number[]>();
    for (const fix of fixes) {
      const current = this.deps.state.state(fix.vehicleId)?.fix.deviceTime;
      if (!history && (current === undefined || fix.deviceTime >= current)) continue;
      const times = byVehicle.get(fix.vehicleId) ?? [];
      times.push(fix.deviceTime);
      byVehicle.set(fix.vehicleId, times);
    }
    const stored = new Set<string>();
    if (byVehicle.size === 0) return stored;

    await this.deps.flush();
    for (const [vehicleId, times] of byVehicle) {
      for (let i = 0; i < times.length; i += LOOKUP_CHUNK) {
        const rows = await this.deps.db
          .selectFrom('positions')
          .select('device_time')
          .where('vehicle_id', '=', vehicleId)
          .where('device_time', 'in', times.slice(i, i + LOOKUP_CHUNK))
          .execute();
        for (const r of rows) stored.add(`${vehicleId}@${Number(r.device_time)}`);
      }
    }
    return stored;
  }

  /** Counts a refusal made here, before ingest, in the ingest metric too. */
  private refused(vehicleId: string | undefined, v: Verdict): Verdict {
    const reason = v.code ?? 'invalid_value';
    this.deps.ingest.refused(vehicleId, { reason, message: v.message ?? '' });
    return v;
  }

  private note(source: SourceKind, fleetId: string, v: Verdict): void {
    this.deps.monitor.record(source, fleetId, v.status, v.code);
  }
}

function keyOf(fix: Fix): string {
  return `${fix.vehicleId}@${fix.deviceTime}`;
}

function fromResult(result: IngestResult): Verdict {
  if (result.outcome === 'duplicate') return { status: 'duplicate' };
  if (result.outcome !== 'rejected') return { status: 'accepted' };
  const r = result.rejection;
  if (!r) return { status: 'rejected', code: 'invalid_value' };
  return { status: 'rejected', code: r.reason, message: r.message };
}

/** The same answer as for an unknown vehicle: another fleet stays unseen. */
function notInFleet(vehicleId: string, fleetId: string): Verdict {
  const message = `vehicle ${vehicleId} is not registered to fleet ${fleetId}`;
  return { status: 'rejected', code: 'unknown_vehicle', message };
}
