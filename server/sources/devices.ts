import type { Device } from '../../lib/protocol';
import { deleteDevice, listAllDevices, saveDevice, type NewDevice } from '../db/devices';
import type { Db } from '../db/open';

/**
 * The registered devices, held in memory: every OsmAnd request looks its
 * device up, so the lookup must cost nothing. The database stays the
 * source of truth; every change goes there first.
 */
export class DeviceRegistry {
  private readonly byId = new Map<string, Device>();

  constructor(private readonly db: Db) {}

  async load(): Promise<void> {
    for (const d of await listAllDevices(this.db)) this.byId.set(d.device_id, d);
  }

  get(deviceId: string): Device | undefined {
    return this.byId.get(deviceId);
  }

  ofFleet(fleetId: string): Device[] {
    return [...this.byId.values()].filter((d) => d.fleet_id === fleetId);
  }

  /** False when another fleet holds the device id. */
  async save(spec: NewDevice): Promise<Device | false> {
    const saved = await saveDevice(this.db, spec);
    if (saved) this.byId.set(saved.device_id, saved);
    return saved;
  }

  /** Removes a device of one of `fleets`; false when there is none. */
  async remove(deviceId: string, fleets: ReadonlySet<string>): Promise<boolean> {
    const removed = await deleteDevice(this.db, deviceId, fleets);
    if (removed) this.byId.delete(deviceId);
    return removed;
  }
}
