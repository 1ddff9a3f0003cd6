import type { FleetSettingsPatch } from '../../lib/protocol/fleet-settings';
import type { Db } from './open';

/** Every fleet's stored overrides, to apply at start-up. */
export async function allFleetOverrides(
  db: Db,
): Promise<Map<string, FleetSettingsPatch>> {
  const rows = await db.selectFrom('fleet_settings').selectAll().execute();
  return new Map(rows.map((r) => [r.fleet_id, parse(r.settings)]));
}

/** One fleet's overrides; empty when it has none. */
export async function fleetOverride(
  db: Db,
  fleetId: string,
): Promise<FleetSettingsPatch> {
  const row = await db
    .selectFrom('fleet_settings')
    .select('settings')
    .where('fleet_id', '=', fleetId)
    .executeTakeFirst();
  return row ? parse(row.settings) : {};
}

export async function saveFleetOverride(
  db: Db,
  fleetId: string,
  settings: FleetSettingsPatch,
  now = new Date(),
): Promise<void> {
  const row = {
    fleet_id: fleetId,
    settings: JSON.stringify(settings),
    updated_at: now.toISOString(),
  };
  await db
    .insertInto('fleet_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('fleet_id').doUpdateSet({
        settings: row.settings,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** Stored rows were validated on the way in; the cast trusts that. */
function parse(text: string): FleetSettingsPatch {
  return JSON.parse(text) as FleetSettingsPatch;
}
