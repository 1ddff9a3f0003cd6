/** Socket.IO room of a fleet; derived on the server from the key's grants only. */
export function fleetRoom(fleetId: string): string {
  return `fleet:${fleetId}`;
}
