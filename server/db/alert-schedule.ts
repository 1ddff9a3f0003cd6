import type { Selectable } from 'kysely';
import { SYSTEM_ACTOR, type AlertRecord, type AlertRule } from '../../lib/protocol';
import { escalateAt, iso } from '../alerts/plan';
import { toRecord } from './alert-rows';
import { resolveAsSystem } from './alerts';
import type { Db } from './open';
import type { AlertTable } from './schema';

/**
 * The scheduler's queries. Every change is one conditional update that
 * re-checks what made it due, so two schedulers on one database (or a
 * scheduler racing an admin) change each alert once.
 */

export type DueAlert = Selectable<AlertTable>;

/** The earliest planned escalation or auto-resolve, ISO; undefined if none. */
export async function nextDue(db: Db): Promise<string | undefined> {
  const escalation = await db
    .selectFrom('alerts')
    .select(({ fn }) => fn.min('escalate_at').as('at'))
    .where('escalate_at', 'is not', null)
    .where('status', '=', 'active')
    .executeTakeFirst();
  const resolution = await db
    .selectFrom('alerts')
    .select(({ fn }) => fn.min('auto_resolve_at').as('at'))
    .where('auto_resolve_at', 'is not', null)
    .where('status', '<>', 'resolved')
    .executeTakeFirst();
  const times = [escalation?.at, resolution?.at].filter((t) => typeof t === 'string');
  return times.sort()[0];
}

/** Active alerts whose escalation is due at `at`, the longest waiting first. */
export async function dueEscalations(
  db: Db,
  at: string,
  limit: number,
): Promise<DueAlert[]> {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('status', '=', 'active')
    .where('escalate_at', '<=', at)
    .orderBy('escalate_at')
    .limit(limit)
    .execute();
}

/** Open alerts whose auto-resolve is due at `at`. */
export async function dueResolutions(
  db: Db,
  at: string,
  limit: number,
): Promise<DueAlert[]> {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('status', '<>', 'resolved')
    .where('auto_resolve_at', '<=', at)
    .orderBy('auto_resolve_at')
    .limit(limit)
    .execute();
}

/**
 * Raises a due alert one level, plans the next a full delay after `now`
 * and writes the `escalate` audit entry. The update holds only while the
 * alert is still active, at the level read and due: whoever escalated it
 * first, or acknowledged it meanwhile, wins. Undefined when it lost.
 */
export async function escalateAlert(
  db: Db,
  due: DueAlert,
  rule: AlertRule,
  now: number,
): Promise<AlertRecord | undefined> {
  const at = iso(now);
  const level = due.escalation_level + 1;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('alerts')
      .set({
        escalation_level: level,
        escalated_at: at,
        escalate_at: escalateAt(rule, due.severity, level, now),
      })
      .where('id', '=', due.id)
      .where('status', '=', 'active')
      .where('escalation_level', '=', due.escalation_level)
      .where('escalate_at', '<=', at)
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;

    await trx
      .insertInto('alert_audit')
      .values({
        alert_id: row.id,
        fleet_id: row.fleet_id,
        action: 'escalate',
        actor: SYSTEM_ACTOR,
        at,
        note: null,
        request_id: null,
        escalation_level: level,
      })
      .execute();
    return toRecord(row);
  });
}

/**
 * Drops a due escalation the rule no longer wants (changed since it was
 * planned, by another process); conditional like `escalateAlert`.
 */
export async function dropEscalation(
  db: Db,
  due: DueAlert,
  at: string,
): Promise<AlertRecord | undefined> {
  const row = await db
    .updateTable('alerts')
    .set({ escalate_at: null })
    .where('id', '=', due.id)
    .where('escalation_level', '=', due.escalation_level)
    .where('escalate_at', '<=', at)
    .returningAll()
    .executeTakeFirst();
  return row && toRecord(row);
}

/** Resolves an alert whose auto-resolve is due, if it still is. */
export async function resolveDue(
  db: Db,
  due: DueAlert,
  at: string,
): Promise<AlertRecord | undefined> {
  return db.transaction().execute((trx) => resolveAsSystem(trx, due.id, at, at));
}

/**
 * Pulls in planned times further ahead than the rule allows: a clock that
 * went back, or a bad stored value, must not hold an escalation (or an
 * auto-resolve) for longer than the rule's delay from `now`. Answers the
 * alerts it moved.
 */
export async function clampPlans(
  db: Db,
  now: number,
  ruleOf: (fleetId: string, category: string) => Promise<AlertRule>,
): Promise<AlertRecord[]> {
  const at = iso(now);
  const planned = new Map<string, { fleet_id: string; category: string }>();
  // One query per column, so each reads its own partial index.
  for (const column of ['escalate_at', 'auto_resolve_at'] as const) {
    const rows = await db
      .selectFrom('alerts')
      .select(['fleet_id', 'category'])
      .distinct()
      .where(column, '>', at)
      .execute();
    for (const r of rows) planned.set(`${r.fleet_id}\n${r.category}`, r);
  }

  const moved = new Map<string, AlertRecord>();
  for (const { fleet_id, category } of planned.values()) {
    const rule = await ruleOf(fleet_id, category);
    const latestEscalation = iso(now + rule.escalation_delay_s * 1000);
    const latestResolve = iso(now + rule.auto_resolve_after_s * 1000);
    const escalations = await db
      .updateTable('alerts')
      .set({ escalate_at: latestEscalation })
      .where('fleet_id', '=', fleet_id)
      .where('category', '=', category)
      .where('status', '=', 'active')
      .where('escalate_at', '>', latestEscalation)
      .returningAll()
      .execute();
    const resolutions = await db
      .updateTable('alerts')
      .set({ auto_resolve_at: latestResolve })
      .where('fleet_id', '=', fleet_id)
      .where('category', '=', category)
      .where('status', '<>', 'resolved')
      .where('auto_resolve_at', '>', latestResolve)
      .returningAll()
      .execute();
    for (const row of [...escalations, ...resolutions]) moved.set(row.id, toRecord(row));
  }
  return [...moved.values()];
}

/** Forgets the kept answers to request ids older than `before`. */
export async function pruneRequests(db: Db, before: string): Promise<number> {
  const result = await db
    .deleteFrom('alert_requests')
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
