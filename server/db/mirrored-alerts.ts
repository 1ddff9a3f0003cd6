import type { Insertable } from 'kysely';
import type { MaintenanceAlert, SafetyAlert } from '../../lib/protocol';
import type { Db } from './open';
import type { AlertTable } from './schema';

/** An alert message as another server sent it. */
export type RelayedAlert = SafetyAlert | MaintenanceAlert;

/**
 * Stores an alert another Fleetlight raised, under its own id and in the
 * state it reports. That server owns the alert: escalation and
 * auto-resolve stay unplanned here, so this server's scheduler never
 * acts on it twice. Answers false when the stored copy already said the
 * same, so a replay or a snapshot of an alert already relayed is not
 * announced again.
 */
export async function mirrorAlert(db: Db, message: RelayedAlert): Promise<boolean> {
  const row = toRow(message);
  return db.transaction().execute(async (trx) => {
    const old = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirst();
    if (old && COMPARED.every((c) => old[c] === row[c])) return false;

    await trx
      .insertInto('alerts')
      .values({ ...row, opened_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
    return true;
  });
}

/** What a newer report of the same alert can change. */
const COMPARED = [
  'severity',
  'status',
  'occurrences',
  'last_seen_at',
  'event_data',
  'acknowledged_at',
  'resolved_at',
  'escalation_level',
  'cleared_at',
  'auto_resolved',
] as const;

type Row = Omit<Insertable<AlertTable>, 'opened_at'> & {
  id: string;
  escalation_level: number;
};

/**
 * The upstream's payload as a row. A message its server could not store
 * carries no lifecycle: it is then an active alert of one episode.
 */
function toRow(m: RelayedAlert): Row {
  const p = m.payload;
  const safety = m.channel === 'alerts' ? m.payload : undefined;
  return {
    id: p.alert_id,
    fleet_id: p.fleet_id,
    vehicle_id: p.vehicle_id,
    driver_id: safety?.driver_id ?? null,
    trip_id: safety?.trip_id ?? null,
    channel: m.channel,
    category: p.category,
    severity: p.severity,
    location: p.location === undefined ? null : JSON.stringify(p.location),
    event_data: JSON.stringify(p.event_data),
    recommended_actions: JSON.stringify(p.recommended_actions),
    status: p.status ?? 'active',
    occurrences: p.occurrences ?? 1,
    raised_at: p.raised_at ?? m.timestamp,
    last_seen_at: p.last_seen_at ?? m.timestamp,
    acknowledged_by: p.acknowledged_by ?? null,
    acknowledged_at: p.acknowledged_at ?? null,
    acknowledged_note: null,
    resolved_by: p.resolved_by ?? null,
    resolved_at: p.resolved_at ?? null,
    resolved_note: null,
    auto_resolved: p.auto_resolved ? 1 : 0,
    escalation_level: p.escalation_level ?? 0,
    escalated_at: p.escalated_at ?? null,
    escalate_at: null,
    cleared_at: p.cleared_at ?? null,
    auto_resolve_at: null,
  };
}
