import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  AlertChannel,
  AlertRecord,
  AlertRule,
  AlertStatus,
  AuditEntry,
  PlaceRef,
  Severity,
} from '../../lib/protocol';
import { SYSTEM_ACTOR } from '../../lib/protocol';
import { autoResolveAt, escalateAt, isEpisodic, notifies } from '../alerts/plan';
import { ruleOf } from './alert-rules';
import { peakSeverity, toAuditEntry, toRecord, type AlertRow } from './alert-rows';
import { retryOnUniqueViolation } from './errors';
import type { Db } from './open';
import type { Database } from './schema';

/** One episode the engine found, to store before it is broadcast. */
export interface NewAlert {
  channel: AlertChannel;
  fleetId: string;
  vehicleId: string;
  driverId?: string;
  tripId?: string;
  category: string;
  severity: Severity;
  location?: PlaceRef;
  eventData: Record<string, number | string>;
  recommendedActions: string[];
  /** Device time of the episode, ISO 8601 UTC. */
  at: string;
  /** A later report of an episode already stored: not one more occurrence. */
  continuation?: boolean;
  /** The condition still holds, so the alert has not cleared. */
  ongoing?: boolean;
}

/** Most alerts or audit entries one listing answers. */
export const MAX_ALERT_LIST = 500;

export interface Raised {
  alert: AlertRecord;
  /** The fleet's rule for the category, as the episode was stored. */
  rule: AlertRule;
  /**
   * True when the alert now stands at or above the rule's severity for
   * the first time: a new alert that grave, or the episode that lifted
   * an active one there. It is then announced (notice `raised`).
   */
  crossed: boolean;
}

/**
 * Stores an episode. While the vehicle has an open alert of the same
 * category, the episode is folded into it (count, latest measurements,
 * highest severity) rather than raising another: a flapping condition
 * must not bury the queue. The rule read in the same transaction plans
 * the escalation (server time `now` + the rule's delay) and, for an
 * episodic category, the auto-resolve; a new episode of a lasting
 * condition puts off a pending auto-resolve.
 */
export async function raiseAlert(db: Db, a: NewAlert, now = new Date()): Promise<Raised> {
  // Two processes may both find no open alert and both insert one; the
  // index alerts_open refuses the second, which then folds into the first.
  return retryOnUniqueViolation(() => storeEpisode(db, a, now));
}

async function storeEpisode(db: Db, a: NewAlert, now: Date): Promise<Raised> {
  const at = now.toISOString();
  const episodic = isEpisodic(a.category);
  return db.transaction().execute(async (trx) => {
    const rule = await ruleOf(trx, a.fleetId, a.category);
    const cleared = episodic && a.ongoing !== true ? at : null;
    const open = await lockOpenAlert(trx, a.fleetId, a.vehicleId, a.category);

    if (open) {
      const severity = peakSeverity(open.severity, a.severity);
      // An alert someone has in hand is not announced again.
      const crossed =
        open.status === 'active' &&
        !notifies(rule, open.severity) &&
        notifies(rule, severity);
      const starts = crossed && open.escalate_at === null;
      const row = await trx
        .updateTable('alerts')
        .set({
          occurrences: open.occurrences + (a.continuation === true ? 0 : 1),
          severity,
          event_data: JSON.stringify(a.eventData),
          last_seen_at: a.at,
          ...(a.location !== undefined && { location: JSON.stringify(a.location) }),
          ...(a.tripId !== undefined && { trip_id: a.tripId }),
          cleared_at: cleared,
          auto_resolve_at: autoResolveAt(rule, cleared),
          ...(starts && {
            escalate_at: escalateAt(rule, severity, open.escalation_level, now.getTime()),
          }),
        })
        .where('id', '=', open.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { alert: toRecord(row), rule, crossed };
    }

    const row = await trx
      .insertInto('alerts')
      .values({
        id: `alert_${randomUUID()}`,
        fleet_id: a.fleetId,
        vehicle_id: a.vehicleId,
        driver_id: a.driverId ?? null,
        trip_id: a.tripId ?? null,
        channel: a.channel,
        category: a.category,
        severity: a.severity,
        location: a.location === undefined ? null : JSON.stringify(a.location),
        event_data: JSON.stringify(a.eventData),
        recommended_actions: JSON.stringify(a.recommendedActions),
        status: 'active',
        occurrences: 1,
        raised_at: a.at,
        last_seen_at: a.at,
        acknowledged_by: null,
        acknowledged_at: null,
        acknowledged_note: null,
        resolved_by: null,
        resolved_at: null,
        resolved_note: null,
        auto_resolved: 0,
        escalation_level: 0,
        escalate_at: escalateAt(rule, a.severity, 0, now.getTime()),
        cleared_at: cleared,
        auto_resolve_at: autoResolveAt(rule, cleared),
        opened_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { alert: toRecord(row), rule, crossed: notifies(rule, a.severity) };
  });
}

/**
 * The vehicle's open alert of a category, locked until the transaction
 * ends. An update that changes nothing takes the row's lock on both
 * databases: PostgreSQL waits out a writer holding it, then answers the
 * row as that writer committed it; SQLite takes its one write lock. A
 * plain read would let two processes on PostgreSQL read the same count
 * and both write count + 1.
 */
async function lockOpenAlert(
  trx: Kysely<Database>,
  fleetId: string,
  vehicleId: string,
  category: string,
): Promise<AlertRow | undefined> {
  return trx
    .updateTable('alerts')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('fleet_id', '=', fleetId)
    .where('vehicle_id', '=', vehicleId)
    .where('category', '=', category)
    .where('status', '<>', 'resolved')
    .returningAll()
    .executeTakeFirst();
}

export interface Cleared {
  alert: AlertRecord;
  rule: AlertRule;
  /** True when the rule resolved it at once (an auto-resolve window of 0). */
  resolved: boolean;
}

/**
 * The engine saw the vehicle's condition clear (back on route, reporting
 * again). The open alert is marked cleared, the first such time kept;
 * when the rule auto-resolves, it resolves once it has stayed clear for
 * the rule's window, at once for a window of 0, as `system` with one
 * audit entry. Answers undefined when none was open.
 */
export async function clearAlert(
  db: Db,
  fleetId: string,
  vehicleId: string,
  category: string,
  now = new Date(),
): Promise<Cleared | undefined> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const open = await lockOpenAlert(trx, fleetId, vehicleId, category);
    if (!open) return undefined;

    const rule = await ruleOf(trx, fleetId, category);
    const cleared = open.cleared_at ?? at;
    const due = autoResolveAt(rule, cleared);
    if (due !== null && due <= at) {
      const row = await resolveAsSystem(trx, open.id, at);
      return row && { alert: row, rule, resolved: true };
    }

    const row = await trx
      .updateTable('alerts')
      .set({ cleared_at: cleared, auto_resolve_at: due })
      .where('id', '=', open.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { alert: toRecord(row), rule, resolved: false };
  });
}

/**
 * Resolves an open alert as `system` (its condition cleared), with one
 * audit entry; `due` makes it conditional on the auto-resolve being due
 * still, so a new episode that put it off wins. Undefined if it was not.
 */
export async function resolveAsSystem(
  trx: Kysely<Database>,
  id: string,
  at: string,
  due?: string,
): Promise<AlertRecord | undefined> {
  let update = trx
    .updateTable('alerts')
    .set({
      status: 'resolved',
      resolved_by: SYSTEM_ACTOR,
      resolved_at: at,
      auto_resolved: 1,
      escalate_at: null,
      auto_resolve_at: null,
    })
    .where('id', '=', id)
    .where('status', '<>', 'resolved');
  if (due !== undefined) update = update.where('auto_resolve_at', '<=', due);
  const row = await update.returningAll().executeTakeFirst();
  if (!row) return undefined;

  await trx
    .insertInto('alert_audit')
    .values({
      alert_id: row.id,
      fleet_id: row.fleet_id,
      action: 'resolve',
      actor: SYSTEM_ACTOR,
      at,
      note: null,
      request_id: null,
    })
    .execute();
  return toRecord(row);
}

export async function getAlert(db: Db, id: string): Promise<AlertRecord | undefined> {
  const row = await db
    .selectFrom('alerts')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toRecord(row);
}

export interface AlertQuery {
  /** One status, or every alert not resolved (`open`); all when absent. */
  status?: AlertStatus | 'open';
  /** Only the alerts raised on this trip. */
  tripId?: string;
  limit: number;
}

/** A fleet's alerts, newest first by the device time they were raised. */
export async function listAlerts(
  db: Db,
  fleetId: string,
  q: AlertQuery,
): Promise<AlertRecord[]> {
  let query = db.selectFrom('alerts').selectAll().where('fleet_id', '=', fleetId);
  if (q.status === 'open') query = query.where('status', '<>', 'resolved');
  else if (q.status !== undefined) query = query.where('status', '=', q.status);
  if (q.tripId !== undefined) query = query.where('trip_id', '=', q.tripId);
  const rows = await query
    .orderBy('raised_at', 'desc')
    .limit(Math.min(q.limit, MAX_ALERT_LIST))
    .execute();
  return rows.map(toRecord);
}

/** A fleet's audit log, newest first. */
export async function listAudit(
  db: Db,
  fleetId: string,
  limit: number,
): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('alert_audit')
    .selectAll()
    .where('fleet_id', '=', fleetId)
    .orderBy('id', 'desc')
    .limit(Math.min(limit, MAX_ALERT_LIST))
    .execute();
  return rows.map(toAuditEntry);
}
