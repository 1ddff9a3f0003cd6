import type { Device, DeviceKind } from '../../lib/protocol';
import type { Db } from './open';

export interface NewDevice {
  deviceId: string;
  fleetId: string;
  vehicleId: string;
  label: string;
  kind: DeviceKind;
  createdBy: string;
}

/** Every registered device, to warm the in-memory registry at start-up. */
export async function listAllDevices(db: Db): Promise<Device[]> {
  const rows = await db
    .selectFrom('devices')
    .select(['device_id', 'fleet_id', 'vehicle_id', 'label', 'kind', 'created_at'])
    .orderBy('device_id')
    .execute();
  return rows;
}

/**
 * Registers a device, or changes it when its fleet registers it again.
 * Answers false, changing nothing, when another fleet holds the id.
 */
export async function saveDevice(db: Db, d: NewDevice): Promise<Device | false> {
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const held = await trx
      .selectFrom('devices')
      .select(['fleet_id', 'created_at'])
      .where('device_id', '=', d.deviceId)
      .executeTakeFirst();
    if (held && held.fleet_id !== d.fleetId) return false;

    const row = {
      device_id: d.deviceId,
      fleet_id: d.fleetId,
      vehicle_id: d.vehicleId,
      label: d.label,
      kind: d.kind,
      created_by: d.createdBy,
      created_at: held?.created_at ?? now,
    };
    // The fleet check again, in the write: another process may have
    // registered the id for its fleet since the read above.
    const written = await trx
      .insertInto('devices')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('device_id')
          .doUpdateSet({ vehicle_id: row.vehicle_id, label: row.label, kind: row.kind })
          .where('devices.fleet_id', '=', d.fleetId),
      )
      .executeTakeFirst();
    if (written.numInsertedOrUpdatedRows === 0n) return false;
    const { created_by: _by, ...device } = row;
    return device;
  });
}

/** Removes a device of one of `fleets`; false when there is none. */
export async function deleteDevice(
  db: Db,
  deviceId: string,
  fleets: ReadonlySet<string>,
): Promise<boolean> {
  if (fleets.size === 0) return false;
  const result = await db
    .deleteFrom('devices')
    .where('device_id', '=', deviceId)
    .where('fleet_id', 'in', [...fleets])
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
