import type { Kysely, Selectable } from 'kysely';
import {
  DEFAULT_RULE_CATEGORIES,
  defaultRule,
  type AlertRecord,
  type AlertRule,
  type AlertRulePatch,
  type RuleAuditEntry,
} from '../../lib/protocol';
import { replan } from '../alerts/plan';
import { toRecord } from './alert-rows';
import type { Db } from './open';
import type { AlertRuleTable, Database } from './schema';

/** A database or a transaction on it. */
type Conn = Kysely<Database>;

export interface RuleChange {
  fleetId: string;
  category: string;
  /** The API key id of the admin. */
  actor: string;
  now: Date;
}

export interface RuleChanged {
  rule: AlertRule;
  /** False when a reset found nothing to reset. */
  changed: boolean;
  /** The open alerts whose escalation or auto-resolve moved. */
  replanned: AlertRecord[];
}

/** A fleet's rule for a category: the stored change over the default. */
export async function ruleOf(
  db: Conn,
  fleetId: string,
  category: string,
): Promise<AlertRule> {
  const row = await db
    .selectFrom('alert_rules')
    .selectAll()
    .where('fleet_id', '=', fleetId)
    .where('category', '=', category)
    .executeTakeFirst();
  return row ? toRule(row) : defaultRule(fleetId, category);
}

/**
 * Every rule of a fleet: each category with a default, then any other an
 * admin changed or the fleet has alerts of, by name.
 */
export async function listRules(db: Conn, fleetId: string): Promise<AlertRule[]> {
  const stored = await db
    .selectFrom('alert_rules')
    .selectAll()
    .where('fleet_id', '=', fleetId)
    .execute();
  const seen = await db
    .selectFrom('alerts')
    .select('category')
    .distinct()
    .where('fleet_id', '=', fleetId)
    .execute();

  const changed = new Map(stored.map((r) => [r.category, toRule(r)]));
  const defaults = new Set(DEFAULT_RULE_CATEGORIES);
  const others = new Set([...changed.keys(), ...seen.map((r) => r.category)]);
  const categories = [
    ...DEFAULT_RULE_CATEGORIES,
    ...[...others].filter((c) => !defaults.has(c)).sort(),
  ];
  return categories.map((c) => changed.get(c) ?? defaultRule(fleetId, c));
}

/**
 * Applies an admin's patch over the fleet's rule, audits it and re-plans
 * the category's open alerts, in one transaction.
 */
export async function patchRule(
  db: Db,
  change: RuleChange,
  patch: AlertRulePatch,
): Promise<RuleChanged> {
  const at = change.now.toISOString();
  const columns = toColumns(patch);
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('alert_rules')
      .values({
        fleet_id: change.fleetId,
        category: change.category,
        ...columns,
        updated_by: change.actor,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc
          .columns(['fleet_id', 'category'])
          .doUpdateSet({ ...columns, updated_by: change.actor, updated_at: at }),
      )
      .execute();
    await audit(trx, change, 'rule_update', JSON.stringify(patch));

    const rule = await ruleOf(trx, change.fleetId, change.category);
    const replanned = await replanOpen(trx, rule, change.now);
    return { rule, changed: true, replanned };
  });
}

/** Puts a category back to its default; audited only if it was changed. */
export async function resetRule(db: Db, change: RuleChange): Promise<RuleChanged> {
  return db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('alert_rules')
      .where('fleet_id', '=', change.fleetId)
      .where('category', '=', change.category)
      .executeTakeFirst();
    const rule = defaultRule(change.fleetId, change.category);
    if (gone.numDeletedRows === 0n) return { rule, changed: false, replanned: [] };

    await audit(trx, change, 'rule_reset', null);
    const replanned = await replanOpen(trx, rule, change.now);
    return { rule, changed: true, replanned };
  });
}

/** A fleet's rule changes, newest first. */
export async function listRuleAudit(
  db: Conn,
  fleetId: string,
  limit: number,
): Promise<RuleAuditEntry[]> {
  const rows = await db
    .selectFrom('alert_rule_audit')
    .selectAll()
    .where('fleet_id', '=', fleetId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fleet_id: r.fleet_id,
    category: r.category,
    action: r.action,
    actor: r.actor,
    at: r.at,
    ...(r.changes !== null && { changes: JSON.parse(r.changes) as AlertRulePatch }),
  }));
}

/**
 * Moves the planned escalation and auto-resolve of the category's open
 * alerts to what the rule now says. Each update is conditional on the
 * alert still being as read, so one racing an acknowledgement loses.
 */
async function replanOpen(trx: Conn, rule: AlertRule, now: Date): Promise<AlertRecord[]> {
  const open = await trx
    .selectFrom('alerts')
    .selectAll()
    .where('fleet_id', '=', rule.fleet_id)
    .where('category', '=', rule.category)
    .where('status', '<>', 'resolved')
    .execute();

  const moved: AlertRecord[] = [];
  for (const a of open) {
    const plan = replan(a, rule, now.getTime());
    const same =
      plan.escalate_at === a.escalate_at && plan.auto_resolve_at === a.auto_resolve_at;
    if (same) continue;
    const row = await trx
      .updateTable('alerts')
      .set(plan)
      .where('id', '=', a.id)
      .where('status', '=', a.status)
      .where('escalation_level', '=', a.escalation_level)
      .returningAll()
      .executeTakeFirst();
    if (row) moved.push(toRecord(row));
  }
  return moved;
}

async function audit(
  trx: Conn,
  change: RuleChange,
  action: RuleAuditEntry['action'],
  changes: string | null,
): Promise<void> {
  await trx
    .insertInto('alert_rule_audit')
    .values({
      fleet_id: change.fleetId,
      category: change.category,
      action,
      actor: change.actor,
      at: change.now.toISOString(),
      changes,
    })
    .execute();
}

/** The patch as columns; a field left out is left as stored. */
function toColumns(p: AlertRulePatch) {
  return {
    ...(p.group !== undefined && { rule_group: p.group }),
    ...(p.severity !== undefined && { severity: p.severity }),
    ...(p.notify_channels !== undefined && {
      notify_channels: JSON.stringify([...new Set(p.notify_channels)]),
    }),
    ...(p.escalation_delay_s !== undefined && {
      escalation_delay_s: p.escalation_delay_s,
    }),
    ...(p.auto_resolve !== undefined && { auto_resolve: p.auto_resolve ? 1 : 0 }),
    ...(p.auto_resolve_after_s !== undefined && {
      auto_resolve_after_s: p.auto_resolve_after_s,
    }),
    ...(p.actions !== undefined && { actions: JSON.stringify(p.actions) }),
  };
}

/** A stored change over the category's default. */
function toRule(row: Selectable<AlertRuleTable>): AlertRule {
  const d = defaultRule(row.fleet_id, row.category);
  return {
    ...d,
    ...(row.rule_group !== null && { group: row.rule_group }),
    ...(row.severity !== null && { severity: row.severity }),
    ...(row.notify_channels !== null && {
      notify_channels: JSON.parse(row.notify_channels) as AlertRule['notify_channels'],
    }),
    ...(row.escalation_delay_s !== null && {
      escalation_delay_s: row.escalation_delay_s,
    }),
    ...(row.auto_resolve !== null && { auto_resolve: row.auto_resolve === 1 }),
    ...(row.auto_resolve_after_s !== null && {
      auto_resolve_after_s: row.auto_resolve_after_s,
    }),
    ...(row.actions !== null && { actions: JSON.parse(row.actions) as string[] }),
    is_default: false,
    updated_by: row.updated_by,
    updated_at: row.updated_at,
  };
}
