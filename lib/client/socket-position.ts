import type { FleetSnapshot, SocketResume, StreamMessage } from '../protocol';
import { needsAck } from '../protocol/critical';
import { offsetOf } from '../protocol/offsets';
import { StreamCursor } from './cursor';

/**
 * Where a Socket.IO client stands in its fleet's stream, kept across
 * reconnects: what its handshake sends as `auth.resume`, the judge of
 * what is new (by `seq`, so a replay overlapping what was seen or a
 * critical event sent again is dropped), and the `ack` of every critical
 * event, repeats included, since a repeat means the server still waits.
 * Framework-free, so the dashboard and tests share it.
 */
export class SocketPosition {
  private readonly cursor = new StreamCursor();

  constructor(
    private readonly fleetId: string,
    private readonly ack: (offset: number) => void,
  ) {}

  /** The handshake's `auth.resume`: nothing but `ack` before a snapshot. */
  resume(): SocketResume {
    const { epoch, offsets } = this.cursor.position();
    const offset = offsetOf(offsets, this.fleetId);
    return {
      ack: true,
      ...(epoch !== undefined && { epoch }),
      ...(offset !== undefined && { offset }),
    };
  }

  /**
   * Takes a snapshot's place in the stream; true when it replaces what
   * the client held (a reset), false when the missed events follow it.
   */
  snapshot(s: FleetSnapshot): boolean {
    const reset = s.resume?.status !== 'replayed';
    if (s.epoch === undefined) return reset;
    this.cursor.catchUp(s.epoch, { [this.fleetId]: s.seq }, reset);
    return reset;
  }

  /** True when the message is new and should be applied. */
  admit(message: StreamMessage): boolean {
    const fresh = this.cursor.admit(message);
    if (needsAck(message) && message.seq !== undefined) this.ack(message.seq);
    return fresh;
  }
}
