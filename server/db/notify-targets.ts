import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import {
  MAX_TARGETS_PER_FLEET,
  type NewTarget,
  type NotifyTarget,
} from '../../lib/protocol';
import { newWebhookSecret } from '../notify/signature';
import type { Db } from './open';
import type { NotifyTargetTable } from './schema';

export type TargetRow = Selectable<NotifyTargetTable>;

export type CreateOutcome =
  { ok: true; target: NotifyTarget; secret?: string } | { ok: false; reason: 'full' };

/** Stores a target; a webhook gets a fresh secret, answered this once. */
export async function createTarget(
  db: Db,
  fleetId: string,
  t: NewTarget,
  createdBy: string,
  now: Date,
): Promise<CreateOutcome> {
  return db.transaction().execute(async (trx) => {
    // Holds the fleet's row until commit, so two creations at once (two
    // processes on PostgreSQL) count one after the other, not both below
    // the limit. Writing `name` leaves the key alone: no foreign key waits.
    await trx
      .updateTable('fleets')
      .set((eb) => ({ name: eb.ref('name') }))
      .where('id', '=', fleetId)
      .execute();
    const { n } = await trx
      .selectFrom('notify_targets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('fleet_id', '=', fleetId)
      .executeTakeFirstOrThrow();
    if (n >= MAX_TARGETS_PER_FLEET) return { ok: false, reason: 'full' } as const;

    const secret = t.kind === 'webhook' ? newWebhookSecret() : null;
    const row = await trx
      .insertInto('notify_targets')
      .values({
        id: `target_${randomUUID()}`,
        fleet_id: fleetId,
        kind: t.kind,
        address: t.address,
        secret,
        tier: t.tier ?? 0,
        min_severity: t.min_severity ?? 'low',
        enabled: t.enabled === false ? 0 : 1,
        created_by: createdBy,
        created_at: now.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const target = toTarget(row);
    return secret === null ? { ok: true, target } : { ok: true, target, secret };
  });
}

export async function listTargets(db: Db, fleetId: string): Promise<NotifyTarget[]> {
  const rows = await db
    .selectFrom('notify_targets')
    .selectAll()
    .where('fleet_id', '=', fleetId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toTarget);
}

/** The stored row, secret included: for the server's own use only. */
export async function findTarget(db: Db, id: string): Promise<TargetRow | undefined> {
  return db
    .selectFrom('notify_targets')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Deletes a target. Its pending deliveries fail in the same transaction,
 * so none is sent after the admin saw the delete succeed; its log stays.
 */
export async function deleteTarget(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('notify_targets').where('id', '=', id).execute();
    await trx
      .updateTable('notify_deliveries')
      .set({ status: 'failed', next_attempt_at: null, last_error: 'target deleted' })
      .where('target_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  });
}

/** A stored target as REST answers it: never its secret. */
export function toTarget(row: TargetRow): NotifyTarget {
  return {
    target_id: row.id,
    fleet_id: row.fleet_id,
    kind: row.kind,
    address: row.address,
    tier: row.tier,
    min_severity: row.min_severity,
    enabled: row.enabled === 1,
    created_by: row.created_by,
    created_at: row.created_at,
  };
}
