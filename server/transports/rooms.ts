/** Socket.IO room of a fleet; derived on the server from the key's grants only. */
export function fleetRoom(fleetId: string): string {
  return `fleet:${fleetId}`;
}

/** Socket.IO room of the sockets opened with one key, for revoking it. */
export function keyRoom(keyId: string): string {
  return `key:${keyId}`;
}
