import { randomUUID } from 'node:crypto';
import type {
  AlertChannel,
  AlertRecord,
  AlertStatus,
  AuditEntry,
  PlaceRef,
  Severity,
} from '../../lib/protocol';
import { SYSTEM_ACTOR } from '../../lib/protocol';
import { peakSeverity, toAuditEntry, toRecord } from './alert-rows';
import type { Db } from './open';

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
}

/** Most alerts or audit entries one listing answers. */
export const MAX_ALERT_LIST = 500;

/**
 * Stores an episode. While the vehicle has an open alert of the same
 * category, the episode is folded into it (count, latest measurements,
 * highest severity) rather than raising another: a flapping condition
 * must not bury the queue. Answers the alert as stored.
 */
export async function raiseAlert(db: Db, a: NewAlert): Promise<AlertRecord> {
  return db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('fleet_id', '=', a.fleetId)
      .where('vehicle_id', '=', a.vehicleId)
      .where('category', '=', a.category)
      .where('status', '<>', 'resolved')
      .executeTakeFirst();

    if (open) {
      const row = await trx
        .updateTable('alerts')
        .set({
          occurrences: open.occurrences + 1,
          severity: peakSeverity(open.severity, a.severity),
          event_data: JSON.stringify(a.eventData),
          last_seen_at: a.at,
          ...(a.location !== undefined && { location: JSON.stringify(a.location) }),
          ...(a.tripId !== undefined && { trip_id: a.tripId }),
        })
        .where('id', '=', open.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
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
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  });
}

/**
 * Resolves the vehicle's open alert of a category because its condition
 * cleared, with one audit entry by `system`. Answers undefined when none
 * was open (an admin resolved it first).
 */
export async function autoResolveAlert(
  db: Db,
  fleetId: string,
  vehicleId: string,
  category: string,
  now = new Date(),
): Promise<AlertRecord | undefined> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('alerts')
      .set({
        status: 'resolved',
        resolved_by: SYSTEM_ACTOR,
        resolved_at: at,
        auto_resolved: 1,
      })
      .where('fleet_id', '=', fleetId)
      .where('vehicle_id', '=', vehicleId)
      .where('category', '=', category)
      .where('status', '<>', 'resolved')
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;

    await trx
      .insertInto('alert_audit')
      .values({
        alert_id: row.id,
        fleet_id: fleetId,
        action: 'resolve',
        actor: SYSTEM_ACTOR,
        at,
        note: null,
        request_id: null,
      })
      .execute();
    return toRecord(row);
  });
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
