import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type {
  Delivery,
  EmailBody,
  NotifyEvent,
  TargetKind,
  WebhookBody,
} from '../../lib/protocol';
import type { AttemptResult, NextStep } from '../notify/retry';
import type { Db } from './open';
import type { NotifyDeliveryTable } from './schema';

export type DeliveryRow = Selectable<NotifyDeliveryTable>;

export interface NewDelivery {
  targetId: string;
  fleetId: string;
  alertId: string | null;
  event: NotifyEvent;
  body: WebhookBody | EmailBody;
}

/** A pending delivery with where it goes; null where the target is gone. */
export interface DueDelivery extends DeliveryRow {
  kind: TargetKind | null;
  address: string | null;
  secret: string | null;
}

/** Queues deliveries, each due at once. `db` may be a transaction. */
export async function insertDeliveries(
  db: Pick<Db, 'insertInto'>,
  list: readonly NewDelivery[],
  now: number,
): Promise<DeliveryRow[]> {
  if (list.length === 0) return [];
  const at = new Date(now).toISOString();
  return db
    .insertInto('notify_deliveries')
    .values(
      list.map((d) => ({
        id: `delivery_${randomUUID()}`,
        target_id: d.targetId,
        fleet_id: d.fleetId,
        alert_id: d.alertId,
        event: d.event,
        body: JSON.stringify(d.body),
        attempts: 0,
        status: 'pending' as const,
        next_attempt_at: at,
        created_at: at,
      })),
    )
    .returningAll()
    .execute();
}

function pendingWithTarget(db: Db) {
  return db
    .selectFrom('notify_deliveries as d')
    .leftJoin('notify_targets as t', 't.id', 'd.target_id')
    .selectAll('d')
    .select(['t.kind', 't.address', 't.secret'])
    .where('d.status', '=', 'pending');
}

/** Pending deliveries due by `now`, the longest-waiting first. */
export async function dueDeliveries(
  db: Db,
  now: number,
  skip: readonly string[],
  limit: number,
): Promise<DueDelivery[]> {
  return pendingWithTarget(db)
    .where('d.next_attempt_at', '<=', new Date(now).toISOString())
    .$if(skip.length > 0, (q) => q.where('d.id', 'not in', skip))
    .orderBy('d.next_attempt_at')
    .limit(limit)
    .execute();
}

export async function findPending(db: Db, id: string): Promise<DueDelivery | undefined> {
  return pendingWithTarget(db).where('d.id', '=', id).executeTakeFirst();
}

/** Epoch ms when the earliest pending delivery not in `skip` is due. */
export async function nextDue(
  db: Db,
  skip: readonly string[],
): Promise<number | undefined> {
  const row = await db
    .selectFrom('notify_deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('at'))
    .where('status', '=', 'pending')
    .$if(skip.length > 0, (q) => q.where('id', 'not in', skip))
    .executeTakeFirst();
  return row?.at ? Date.parse(row.at) : undefined;
}

/**
 * Stores an attempt's result. Only a row still pending changes: one whose
 * target was deleted meanwhile stays failed. Answers the row as stored.
 */
export async function recordAttempt(
  db: Db,
  row: DeliveryRow,
  result: Exclude<AttemptResult, { outcome: 'abandoned' }>,
  step: NextStep,
  now: number,
): Promise<Delivery | undefined> {
  const at = new Date(now).toISOString();
  const updated = await db
    .updateTable('notify_deliveries')
    .set({
      attempts: row.attempts + 1,
      status: step.status,
      next_attempt_at:
        step.nextAttemptAt === null ? null : new Date(step.nextAttemptAt).toISOString(),
      last_status: result.status ?? null,
      ...(result.outcome !== 'delivered' && { last_error: result.error }),
      ...(result.outcome === 'delivered' && { delivered_at: at }),
    })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  return updated && toDelivery(updated);
}

/** A fleet's delivery log, newest first. */
export async function listDeliveries(
  db: Db,
  fleetId: string,
  limit: number,
): Promise<Delivery[]> {
  const rows = await db
    .selectFrom('notify_deliveries')
    .selectAll()
    .where('fleet_id', '=', fleetId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toDelivery);
}

/** A stored row as REST answers it; null columns are left out. */
export function toDelivery(row: DeliveryRow): Delivery {
  return {
    delivery_id: row.id,
    target_id: row.target_id,
    fleet_id: row.fleet_id,
    ...(row.alert_id !== null && { alert_id: row.alert_id }),
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    ...(row.next_attempt_at !== null && { next_attempt_at: row.next_attempt_at }),
    ...(row.last_error !== null && { last_error: row.last_error }),
    ...(row.last_status !== null && { last_status: row.last_status }),
    created_at: row.created_at,
    ...(row.delivered_at !== null && { delivered_at: row.delivered_at }),
    // Written only by insertDeliveries; the cast trusts that.
    body: JSON.parse(row.body) as Delivery['body'],
  };
}
