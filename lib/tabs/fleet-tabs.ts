import type { StreamEvent } from '../store/apply-stream';
import type { ConnectionStatus } from '../store/fleet-store';
import type { CachedFleet } from '../store/offline-cache';
import { lead, type LockManagerLike } from './leader';
import { asTabMessage, type ChannelLike, type TabMessage } from './tab-channel';

export type TabRole = 'follower' | 'leader';

/** What the tabs' coordination drives in the page. */
export interface TabHandlers {
  /**
   * Opens the fleet's socket once this tab leads. The socket reports
   * through `forward` and `status`; the answer closes it.
   */
  startLeading(
    forward: (e: StreamEvent) => void,
    status: (s: ConnectionStatus, detail?: string | null) => void,
  ): () => void;
  /** Applies an event to this tab's store. */
  apply(e: StreamEvent): void;
  connection(status: ConnectionStatus, detail: string | null): void;
  /** This tab's state so far, for a tab that starts following. */
  state(): CachedFleet;
  /** Takes the leader's state so far. */
  restore(state: CachedFleet): void;
  /** Told when this tab becomes the leader. */
  onRole?(role: TabRole): void;
}

/**
 * One socket for all the tabs of a browser showing one fleet: the tab
 * that wins the Web Lock named `name` holds the socket and forwards every
 * event over the BroadcastChannel; the others apply what it forwards.
 * When the leader closes, the browser hands the lock to a waiting tab,
 * which opens its own socket. Without a channel (or locks), each tab is
 * its own leader.
 */
export class FleetTabs {
  role: TabRole = 'follower';
  private stopSocket: (() => void) | undefined;
  private resign: (() => void) | undefined;
  private status: { s: ConnectionStatus; detail: string | null } | undefined;

  constructor(
    private readonly name: string,
    private readonly locks: LockManagerLike | undefined,
    private readonly channel: ChannelLike | undefined,
    private readonly on: TabHandlers,
  ) {}

  start(): void {
    this.channel?.addEventListener('message', (e) => this.receive(asTabMessage(e.data)));
    const locks = this.channel ? this.locks : undefined;
    this.resign = lead(locks, this.name, () => this.becomeLeader());
    if (this.role === 'follower') this.post({ kind: 'hello' });
  }

  stop(): void {
    this.stopSocket?.();
    this.stopSocket = undefined;
    this.resign?.();
    this.channel?.close();
  }

  private becomeLeader(): void {
    this.role = 'leader';
    this.on.onRole?.('leader');
    this.stopSocket = this.on.startLeading(
      (e) => {
        this.on.apply(e);
        this.post({ kind: 'event', name: e.name, data: e.data });
      },
      (s, detail = null) => {
        this.status = { s, detail };
        this.on.connection(s, detail);
        this.post({ kind: 'connection', status: s, detail });
      },
    );
  }

  private receive(m: TabMessage | null): void {
    if (!m) return;
    if (this.role === 'leader') {
      if (m.kind !== 'hello') return;
      this.post({ kind: 'state', state: this.on.state() });
      if (this.status) {
        const { s, detail } = this.status;
        this.post({ kind: 'connection', status: s, detail });
      }
      return;
    }
    if (m.kind === 'event') this.on.apply({ name: m.name, data: m.data } as StreamEvent);
    if (m.kind === 'connection') this.on.connection(m.status, m.detail);
    if (m.kind === 'state') this.on.restore(m.state);
  }

  private post(m: TabMessage): void {
    this.channel?.postMessage(m);
  }
}
