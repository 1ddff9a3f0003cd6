/** Socket.IO room of a fleet; derived on the server from the key's grants only. */
export function fleetRoom(fleetId: string): string {
  return `fleet:${fleetId}`;
}

/** Socket.IO room of the sockets opened with one key, for revoking it. */
export function keyRoom(keyId: string): string {
  return `key:${keyId}`;
}

/** The fleet's sockets that take positions as binary batches (the default). */
export function batchRoom(fleetId: string): string {
  return `fleet-batches:${fleetId}`;
}

/** The fleet's sockets that asked for one `vehicle_locations` event per fix. */
export function fixRoom(fleetId: string): string {
  return `fleet-fixes:${fleetId}`;
}
