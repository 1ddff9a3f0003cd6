import type { LocationUpdate, StreamMessage } from '../../lib/protocol';
import { messageId, type Unsent } from '../stream/hub';
import { seqOfId, type StreamEntry } from './replies';

/** A message read back from a fleet's shared stream. */
export interface SharedMessage {
  /** When the publishing node added it, its server time (for the age limit). */
  at: number;
  message: StreamMessage;
}

/**
 * A stream entry's fields: the message as its producer made it (`m`) and
 * the publishing node's clock (`t`). The id and `seq` are not stored: the
 * entry id is `<seq>-0`, and the id is the epoch's.
 */
export function encodeFields(unsent: Unsent, at: number): [string, string] {
  return [JSON.stringify(unsent), String(at)];
}

export function decodeEntry(
  entry: StreamEntry,
  epoch: string,
  fleetId: string,
): SharedMessage {
  const seq = seqOfId(entry.id);
  const { m, t } = entry.fields;
  if (m === undefined) throw new TypeError(`entry ${entry.id} has no message`);
  const unsent = JSON.parse(m) as Unsent;
  const message = { ...unsent, id: messageId(epoch, fleetId, seq), seq };
  return { at: Number(t ?? 0), message: message as StreamMessage };
}

/** A position as a snapshot lists it, from the stream or the latest-position hash. */
export function snapshotPosition(
  fleetId: string,
  position: Omit<LocationUpdate, 'id' | 'seq'>,
): LocationUpdate {
  const { type, timestamp, channel, payload } = position;
  const id = `snapshot-${fleetId}-${payload.vehicle_id}-${timestamp}`;
  return { type, id, timestamp, channel, payload };
}
