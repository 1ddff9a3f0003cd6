import type { Db } from './open';

export interface FleetSpec {
  id: string;
  name: string;
  timezone: string;
}

export interface VehicleSpec {
  id: string;
  fleetId: string;
  label: string;
  timeScale: number;
}

export interface FleetSummary extends FleetSpec {
  vehicle_count: number;
}

/** Creates or updates fleets and their vehicles in one transaction. */
export async function registerFleets(
  db: Db,
  fleets: readonly FleetSpec[],
  vehicles: readonly VehicleSpec[],
): Promise<void> {
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const f of fleets) {
      await trx
        .insertInto('fleets')
        .values({ id: f.id, name: f.name, timezone: f.timezone, created_at: now })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({ name: f.name, timezone: f.timezone }),
        )
        .execute();
    }
    for (const v of vehicles) {
      await trx
        .insertInto('vehicles')
        .values({
          id: v.id,
          fleet_id: v.fleetId,
          label: v.label,
          time_scale: v.timeScale,
          created_at: now,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            fleet_id: v.fleetId,
            label: v.label,
            time_scale: v.timeScale,
          }),
        )
        .execute();
    }
  });
}

export async function listFleets(
  db: Db,
  ids: ReadonlySet<string>,
): Promise<FleetSummary[]> {
  if (ids.size === 0) return [];
  const rows = await db
    .selectFrom('fleets')
    .leftJoin('vehicles', 'vehicles.fleet_id', 'fleets.id')
    .select(({ fn }) => [
      'fleets.id',
      'fleets.name',
      'fleets.timezone',
      fn.count<number>('vehicles.id').as('vehicle_count'),
    ])
    .where('fleets.id', 'in', [...ids])
    .groupBy(['fleets.id', 'fleets.name', 'fleets.timezone'])
    .orderBy('fleets.id')
    .execute();
  return rows.map((r) => ({ ...r, vehicle_count: Number(r.vehicle_count) }));
}

export async function listVehicles(db: Db): Promise<VehicleSpec[]> {
  const rows = await db
    .selectFrom('vehicles')
    .select(['id', 'fleet_id', 'label', 'time_scale'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fleetId: r.fleet_id,
    label: r.label,
    timeScale: r.time_scale,
  }));
}

export async function listAllFleets(db: Db): Promise<FleetSpec[]> {
  return db
    .selectFrom('fleets')
    .select(['id', 'name', 'timezone'])
    .orderBy('id')
    .execute();
}
