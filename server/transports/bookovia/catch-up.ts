import type {
  AckData,
  AlertEnvelope,
  Channel,
  LocationUpdate,
  ResetPayload,
  ResumeData,
  ResumedPayload,
} from '../../../lib/protocol';
import type { Published } from '../../stream/hub';
import { DEFAULT_ACK_RETRY_DELAYS_MS, needsAck, PendingAcks } from './acks';
import type { ScopedPayload } from './requests';
import { planResume, type OpenAlerts, type ResumeSource } from './resume';

/**
 * Most events a session remembers having sent live, so that a `resume`
 * sent after subscribing does not send them again. Past it, a resume may
 * repeat some, which the `seq` lets a client drop.
 */
const MAX_SENT_REMEMBERED = 1024;

export interface CatchUpDeps {
  /** Recent events; without it every resume is a reset. */
  replay?: ResumeSource | undefined;
  /** Open alerts from the database, for a reset (default: none). */
  openAlerts?: OpenAlerts | undefined;
  /** Pauses before each re-delivery of an unconfirmed critical event. */
  ackRetryDelaysMs?: readonly number[] | undefined;
}

/** What a session shows its catch-up: what it reads and how it sends. */
export interface SessionView {
  fleets: readonly string[];
  /** The channels subscribed now. */
  channels: ReadonlySet<Channel>;
  /** False for a payload outside a vehicle or trip endpoint's scope. */
  sees(payload: ScopedPayload): boolean;
  /** The latest position of every vehicle of a fleet. */
  vehicles(fleetId: string): LocationUpdate[];
  sendJson(json: string): void;
}

type Answer =
  Omit<ResumedPayload, 'correlation_id'> | Omit<ResetPayload, 'correlation_id'>;

/**
 * One socket's side of the resume and ack extensions: what it sent live
 * since its last resume, the replay or reset a `resume` gets, and the
 * critical events it re-delivers until confirmed. See docs/protocol.md,
 * Resuming after a reconnect.
 */
export class CatchUp {
  private readonly sentLive = new Set<string>();
  private acks: PendingAcks | undefined;

  constructor(private readonly deps: CatchUpDeps) {}

  /** Notes a stream event the session has just sent live. */
  sent(p: Published): void {
    if (p.message.channel === 'vehicle_locations') return;
    if (this.sentLive.size < MAX_SENT_REMEMBERED) this.sentLive.add(keyOf(p));
    if (this.acks && needsAck(p.message)) this.acks.track(p);
  }

  /**
   * Sends, through `view`, every event the client missed on its channels
   * that this socket has not sent live, oldest first; answers the
   * `resumed` payload. When that cannot be done without a hole, nothing is
   * replayed and the payload says why, with the open alerts instead.
   */
  async resume(data: ResumeData, view: SessionView): Promise<Answer> {
    if (data.ack === true) this.acks ??= this.pendingAcks(view);
    const events = new Set(view.channels);
    events.delete('vehicle_locations');
    const { replay } = this.deps;
    const plan = replay ? planResume(data, view.fleets, events, replay) : undefined;
    const epoch = replay?.epoch ?? '';
    const vehicles = view.channels.has('vehicle_locations')
      ? view.fleets.flatMap((f) => view.vehicles(f)).filter((v) => view.sees(v.payload))
      : [];

    if (plan?.status === 'replayed') {
      let replayed = 0;
      for (const p of plan.events) {
        if (this.sentLive.has(keyOf(p))) continue;
        if (!view.sees(p.message.payload as ScopedPayload)) continue;
        view.sendJson(p.json());
        if (this.acks && needsAck(p.message)) this.acks.track(p);
        replayed++;
      }
      this.sentLive.clear();
      return { status: 'replayed', epoch, offsets: plan.offsets, vehicles, replayed };
    }

    this.sentLive.clear();
    const alerts = await this.openAlerts(view, events);
    return {
      status: 'reset',
      reason: plan?.reason ?? 'gap',
      message: plan?.message ?? 'This server keeps no replay buffer',
      epoch,
      offsets: plan?.offsets ?? Object.fromEntries(view.fleets.map((f) => [f, 0])),
      vehicles,
      alerts,
    };
  }

  /** Confirms critical events up to a `seq`, per fleet of the session. */
  ack(data: AckData, fleets: ReadonlySet<string>): void {
    const only = fleets.size === 1 ? [...fleets][0] : undefined;
    if (only !== undefined && data.offset !== undefined) {
      this.acks?.confirm(only, data.offset);
    }
    for (const [fleetId, upTo] of Object.entries(data.offsets ?? {})) {
      if (fleets.has(fleetId)) this.acks?.confirm(fleetId, upTo);
    }
  }

  close(): void {
    this.acks?.clear();
  }

  private pendingAcks(view: SessionView): PendingAcks {
    const delays = this.deps.ackRetryDelaysMs ?? DEFAULT_ACK_RETRY_DELAYS_MS;
    return new PendingAcks(delays, (p) => view.sendJson(p.json()));
  }

  private async openAlerts(
    view: SessionView,
    channels: ReadonlySet<Channel>,
  ): Promise<AlertEnvelope[]> {
    const read = this.deps.openAlerts;
    if (!read) return [];
    const all = (await Promise.all(view.fleets.map((f) => read(f)))).flat();
    return all.filter((a) => channels.has(a.channel) && view.sees(a.payload));
  }
}

function keyOf(p: Published): string {
  return `${p.fleetId}\n${p.message.seq}`;
}
