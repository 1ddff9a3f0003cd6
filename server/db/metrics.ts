import type { FleetMetricsPayload } from '../../lib/protocol';
import type { Db } from './open';

export async function saveMetrics(db: Db, m: FleetMetricsPayload): Promise<void> {
  await db
    .insertInto('fleet_metrics')
    .values({
      fleet_id: m.fleet_id,
      period_end: m.period.end,
      payload: JSON.stringify(m),
    })
    .onConflict((oc) => oc.columns(['fleet_id', 'period_end']).doNothing())
    .execute();
}

/** The newest `limit` periods of a fleet, oldest first. */
export async function recentMetrics(
  db: Db,
  fleetId: string,
  limit: number,
): Promise<FleetMetricsPayload[]> {
  const rows = await db
    .selectFrom('fleet_metrics')
    .select('payload')
    .where('fleet_id', '=', fleetId)
    .orderBy('period_end', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((r) => JSON.parse(r.payload) as FleetMetricsPayload);
}
