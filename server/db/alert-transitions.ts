import type { AlertAction, AlertRecord, AlertStatus } from '../../lib/protocol';
import type { Kysely } from 'kysely';
import { toRecord } from './alert-rows';
import { retryOnUniqueViolation } from './errors';
import type { Db } from './open';
import type { Database } from './schema';

export interface TransitionRequest {
  alertId: string;
  action: AlertAction;
  /** The API key id of the admin acting. */
  actor: string;
  /** The fleets the actor may see; an alert outside them is unknown. */
  fleets: ReadonlySet<string>;
  note?: string | undefined;
  /**
   * The client's id for this attempt, per admin and alert; a retry with
   * it changes nothing and answers what the first attempt answered.
   */
  requestId?: string | undefined;
  now?: Date;
}

export type TransitionOutcome =
  | { ok: true; alert: AlertRecord; changed: boolean }
  | {
      ok: false;
      code: 'alert_conflict' | 'not_found' | 'invalid_message';
      message: string;
    };

/** The states each action may leave; the update is conditional on them. */
const FROM: Record<AlertAction, readonly AlertStatus[]> = {
  acknowledge: ['active'],
  resolve: ['active', 'acknowledged'],
};

/**
 * Acknowledges or resolves an alert with one conditional update
 * (`… WHERE status IN (…)`), so of two admins acting at once exactly one
 * wins; the winner alone writes the audit entry. The answer to a request
 * id is kept and replayed on a retry with `changed: false` (field cases
 * C12 and C24).
 */
export async function transitionAlert(
  db: Db,
  r: TransitionRequest,
): Promise<TransitionOutcome> {
  const at = (r.now ?? new Date()).toISOString();
  // A retry racing its own first attempt loses on the kept request id;
  // run again, it replays the first attempt's answer.
  return retryOnUniqueViolation(() => attempt(db, r, at));
}

async function attempt(
  db: Db,
  r: TransitionRequest,
  at: string,
): Promise<TransitionOutcome> {
  return db.transaction().execute(async (trx) => {
    if (r.requestId !== undefined) {
      const seen = await trx
        .selectFrom('alert_requests')
        .selectAll()
        .where('actor', '=', r.actor)
        .where('alert_id', '=', r.alertId)
        .where('request_id', '=', r.requestId)
        .executeTakeFirst();
      if (seen && seen.action !== r.action) {
        const message = `request_id ${r.requestId} was already used to ${seen.action}`;
        return { ok: false, code: 'invalid_message', message } as const;
      }
      if (seen) return replay(seen.answer);
    }

    const current = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('id', '=', r.alertId)
      .executeTakeFirst();
    if (!current || !r.fleets.has(current.fleet_id)) {
      const message = `No alert ${r.alertId} is visible to this key`;
      return { ok: false, code: 'not_found', message } as const;
    }

    const row = await trx
      .updateTable('alerts')
      .set(
        r.action === 'acknowledge'
          ? {
              status: 'acknowledged',
              acknowledged_by: r.actor,
              acknowledged_at: at,
              acknowledged_note: r.note ?? null,
              // Someone has it in hand: nobody else needs paging.
              escalate_at: null,
            }
          : {
              status: 'resolved',
              resolved_by: r.actor,
              resolved_at: at,
              resolved_note: r.note ?? null,
              escalate_at: null,
              auto_resolve_at: null,
            },
      )
      .where('id', '=', r.alertId)
      .where('status', 'in', FROM[r.action])
      .returningAll()
      .executeTakeFirst();

    const outcome: TransitionOutcome = row
      ? { ok: true, alert: toRecord(row), changed: true }
      : {
          ok: false,
          code: 'alert_conflict',
          message: `Alert ${r.alertId} is already ${await statusOf(trx, r.alertId)}`,
        };
    if (row) {
      await trx
        .insertInto('alert_audit')
        .values({
          alert_id: r.alertId,
          fleet_id: row.fleet_id,
          action: r.action,
          actor: r.actor,
          at,
          note: r.note ?? null,
          request_id: r.requestId ?? null,
        })
        .execute();
    }
    if (r.requestId !== undefined) {
      await trx
        .insertInto('alert_requests')
        .values({
          actor: r.actor,
          request_id: r.requestId,
          alert_id: r.alertId,
          action: r.action,
          answer: JSON.stringify(outcome),
          created_at: at,
        })
        .execute();
    }
    return outcome;
  });
}

/**
 * The alert's status now. The one read before the update may be stale:
 * on PostgreSQL a refused update waited for the writer that won, whose
 * change a new statement sees (SQLite lets no other writer in).
 */
async function statusOf(trx: Kysely<Database>, id: string): Promise<AlertStatus> {
  const row = await trx
    .selectFrom('alerts')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.status;
}

/** A kept answer, marked as changing nothing this time. */
function replay(answer: string): TransitionOutcome {
  const first = JSON.parse(answer) as TransitionOutcome;
  return first.ok ? { ...first, changed: false } : first;
}
