import { decodePositionBatch } from '../../lib/protocol';

/**
 * Reads positions out of what a dashboard receives, whatever the server
 * sent them as: the product's binary `positions` batches, or the JSON
 * events of the per-fix and batching baselines. A new wire format on the
 * dashboard path is one more case here; the harness counts and times
 * whatever this returns.
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

/**
 * What one Socket.IO dashboard must remember between events: the fleet's
 * position index, which the snapshot carries whole and each binary batch
 * extends, so a record's index names its vehicle.
 */
export class SocketIoReader {
  private index: string[] = [];

  /** One event's positions (none for other events). */
  updates(name: string, args: readonly unknown[]): Received[] {
    const out: Received[] = [];
    const first = args[0];
    if (name === 'snapshot') this.snapshot(first);
    if (name === 'vehicle_locations') fromMessage(first as Located, out);
    if (name !== 'positions') return out;
    if (Array.isArray(first)) for (const m of first as Located[]) fromMessage(m, out);
    else if (first instanceof Uint8Array) this.batch(first, out);
    return out;
  }

  private snapshot(body: unknown): void {
    const index = (body as { positions_index?: unknown } | undefined)?.positions_index;
    if (Array.isArray(index)) this.index = index.map(String);
  }

  /** One record is one update, as a map moves one marker per record. */
  private batch(bytes: Uint8Array, out: Received[]): void {
    const decoded = decodePositionBatch(bytes);
    if (!decoded.ok) throw new Error(`bad positions batch: ${decoded.error.message}`);
    const { names, records } = decoded.batch;
    for (const [i, vehicleId] of names) this.index[i] = vehicleId;
    for (const r of records) {
      const vehicleId = this.index[r.index];
      if (vehicleId === undefined) {
        throw new Error(`positions record names index ${r.index}, never announced`);
      }
      out.push({ vehicleId, at: r.deviceTime });
    }
  }
}

function fromMessage(m: Located | undefined, out: Received[]): void {
  if (m?.type !== 'location_update') return;
  const { vehicle_id: vehicleId, timestamp } = m.payload ?? {};
  if (typeof vehicleId !== 'string' || typeof timestamp !== 'string') return;
  out.push({ vehicleId, at: Date.parse(timestamp) });
}

/** One Bookovia text frame's positions. */
export function bookoviaUpdates(text: string): Received[] {
  const out: Received[] = [];
  fromMessage(JSON.parse(text) as Located, out);
  return out;
}

/**
 * The bytes a server's WebSocket frame of `payload` bytes takes on the
 * wire: the payload and its unmasked header (RFC 6455 §5.2), TCP aside.
 */
export function wireBytes(payload: number): number {
  if (payload < 126) return payload + 2;
  return payload + (payload < 65_536 ? 4 : 10);
}
