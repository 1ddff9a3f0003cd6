/**
 * Reads positions out of what a dashboard receives, whatever the server
 * sent them as. A new wire format on the dashboard path (another event,
 * a batch, a compact array) is one more case here; the harness counts
 * and times whatever this returns.
 */
export interface Received {
  vehicleId: string;
  /** The position's time, epoch ms: when the feed sent it. */
  at: number;
}

interface Located {
  type?: unknown;
  payload?: { vehicle_id?: unknown; timestamp?: unknown };
}

function fromMessage(m: Located | undefined, out: Received[]): void {
  if (m?.type !== 'location_update') return;
  const { vehicle_id: vehicleId, timestamp } = m.payload ?? {};
  if (typeof vehicleId !== 'string' || typeof timestamp !== 'string') return;
  out.push({ vehicleId, at: Date.parse(timestamp) });
}

/** One Socket.IO event's positions (none for other events). */
export function socketIoUpdates(name: string, args: readonly unknown[]): Received[] {
  const out: Received[] = [];
  if (name === 'vehicle_locations') fromMessage(args[0] as Located, out);
  if (name === 'positions' && Array.isArray(args[0])) {
    for (const m of args[0] as Located[]) fromMessage(m, out);
  }
  return out;
}

/** One Bookovia text frame's positions. */
export function bookoviaUpdates(text: string): Received[] {
  const out: Received[] = [];
  fromMessage(JSON.parse(text) as Located, out);
  return out;
}
