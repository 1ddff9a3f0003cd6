import type { Socket } from 'socket.io';
import {
  ackDataSchema,
  offsetOf,
  type AlertEnvelope,
  CHANNELS,
  needsAck,
  type Channel,
  type ClientToServerEvents,
  type ResumeData,
  type ServerToClientEvents,
  type SnapshotResume,
  type StreamMessage,
} from '../../lib/protocol';
import type { Published, StreamHub } from '../stream/hub';
import { DEFAULT_ACK_RETRY_DELAYS_MS, PendingAcks } from './bookovia/acks';
import { planResume, type OpenAlerts, type ResumeSource } from './bookovia/resume';
import { batchRoom, fixRoom, fleetRoom } from './rooms';
import type { FleetSnapshotSource } from './snapshot';
import type { SocketData } from './socketio';

type FleetSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** Every channel but positions, which are latest-state and never replayed. */
const EVENTS: ReadonlySet<Channel> = new Set(
  CHANNELS.filter((c) => c !== 'vehicle_locations'),
);

export interface SocketCatchUpDeps {
  hub: StreamHub;
  snapshots: FleetSnapshotSource;
  /** Recent events; without it every connect is a reset. */
  replay?: ResumeSource | undefined;
  /** Open alerts from the database, for a reset (default: none). */
  openAlerts?: OpenAlerts | undefined;
  /** Pauses before each re-delivery of an unconfirmed critical event. */
  ackRetryDelaysMs?: readonly number[] | undefined;
  /** The fleets' position indexes, for sockets taking binary positions. */
  positions?: { join(fleetId: string): string[] } | undefined;
}

/**
 * The Socket.IO side of "nothing lost in transit": a connecting socket
 * is caught up from the offset in its `auth.resume`, then joined to its
 * fleet's room; sockets that asked get critical events again until they
 * `ack` them. The replay and the join happen in one synchronous pass, so
 * no live event can fall between them (docs/protocol.md, Socket.IO).
 */
export class SocketCatchUp {
  /** Per fleet, the re-delivery queues of sockets that asked for them. */
  private readonly acks = new Map<string, Set<PendingAcks>>();

  constructor(private readonly deps: SocketCatchUpDeps) {
    deps.hub.subscribe((p) => {
      if (!needsAck(p.message)) return;
      for (const pending of this.acks.get(p.fleetId) ?? []) pending.track(p);
    });
  }

  /** Sends the snapshot and what the socket missed, then joins it live. */
  async connect(socket: FleetSocket, resume: ResumeData | undefined): Promise<void> {
    const { fleetId } = socket.data;
    const { hub, replay } = this.deps;
    const plan = replay && planResume(resume ?? {}, [fleetId], EVENTS, replay);

    if (plan?.status === 'replayed') {
      const offset = resume?.offset ?? 0;
      const state: SnapshotResume = { status: 'replayed', replayed: plan.events.length };
      this.join(socket, offset, state, undefined, resume?.ack === true);
      return;
    }

    // A reset reads the open alerts first; events raised meanwhile are
    // sent after the snapshot, from the offset taken before the read.
    const from = hub.seq(fleetId);
    const alerts = (await this.deps.openAlerts?.(fleetId)) ?? [];
    if (socket.disconnected) return;
    const state: SnapshotResume = {
      status: 'reset',
      reason: plan?.status === 'reset' ? plan.reason : 'gap',
      message:
        plan?.status === 'reset' ? plan.message : 'This server keeps no replay buffer',
    };
    this.join(socket, from, state, alerts, resume?.ack === true);
  }

  /** Synchronous from the snapshot to the join: see the class comment. */
  private join(
    socket: FleetSocket,
    offset: number,
    resume: SnapshotResume,
    alerts: AlertEnvelope[] | undefined,
    ack: boolean,
  ): void {
    const { fleetId } = socket.data;
    const { replay, snapshots } = this.deps;
    const epoch = replay?.epoch;
    const missed = replay?.since(fleetId, offset, EVENTS);
    const events = missed?.ok ? missed.events : [];
    const binary = socket.data.positions !== 'json';
    const index = binary ? this.deps.positions?.join(fleetId) : undefined;

    socket.emit('snapshot', {
      ...snapshots.snapshot(fleetId),
      seq: offset,
      ...(epoch !== undefined && { epoch }),
      resume,
      ...(alerts !== undefined && { alerts }),
      ...(index !== undefined && { positions_index: index }),
    });
    const pending = ack ? this.pendingAcks(socket) : undefined;
    for (const p of events) {
      emitEvent(socket, p.message, epoch);
      if (pending && needsAck(p.message)) pending.track(p);
    }
    const positions = binary ? batchRoom(fleetId) : fixRoom(fleetId);
    void socket.join([fleetRoom(fleetId), positions]);
  }

  private pendingAcks(socket: FleetSocket): PendingAcks {
    const { fleetId } = socket.data;
    const delays = this.deps.ackRetryDelaysMs ?? DEFAULT_ACK_RETRY_DELAYS_MS;
    const epoch = this.deps.replay?.epoch;
    const pending = new PendingAcks(delays, (p: Published) =>
      emitEvent(socket, p.message, epoch),
    );
    let set = this.acks.get(fleetId);
    if (!set) this.acks.set(fleetId, (set = new Set()));
    set.add(pending);

    socket.on('ack', (raw: unknown) => {
      const parsed = ackDataSchema.safeParse(raw);
      if (!parsed.success) return;
      const upTo = parsed.data.offset ?? offsetOf(parsed.data.offsets, fleetId);
      if (upTo !== undefined) pending.confirm(fleetId, upTo);
    });
    socket.once('disconnect', () => {
      pending.clear();
      set.delete(pending);
      if (set.size === 0) this.acks.delete(fleetId);
    });
    return pending;
  }
}

/** Emits a stream message as the event named after its channel. */
export function emitEvent(
  socket: Pick<FleetSocket, 'emit'>,
  message: StreamMessage,
  epoch: string | undefined,
): void {
  const stamped = epoch === undefined ? message : { ...message, epoch };
  // The event is the message's own channel; the map of events types it.
  socket.emit(message.channel, stamped as never);
}
