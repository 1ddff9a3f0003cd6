import WebSocket from 'ws';
import { Counter, Gauge, type Metric } from 'prom-client';
import { FleetClient, type ConnectionState } from '../../lib/client';
import { CHANNELS, type StreamMessage } from '../../lib/protocol';
import type { UpstreamConfig } from '../config';
import type { Logger } from '../log';
import type { Relay } from './relay';

export interface BridgeOptions {
  upstream: UpstreamConfig;
  relay: Relay;
  log: Logger;
  /** Waits between reconnects; the SDK's default when absent. */
  reconnect?: { initialMs?: number; maxMs?: number };
  heartbeat?: { intervalMs?: number; timeoutMs?: number };
}

/**
 * Bridge mode: one client-SDK connection to an upstream Bookovia server,
 * reading every channel of every fleet its key grants, each message
 * handed to the relay in upstream order. The SDK resumes after a cut, so
 * nothing is lost in transit; after an upstream restart it gets the open
 * alerts from the upstream's database, which the relay stores without
 * announcing those it already had. See docs/protocol.md, Bridge mode.
 */
export class BridgeLink {
  /** Prometheus metrics of the link, for `ops.register`. */
  readonly metrics: Metric[];
  readonly relay: Relay;
  private readonly client: FleetClient;
  private readonly up: Gauge;
  private readonly relayed: Counter;
  private readonly resets: Counter;
  private readonly failures: Counter;
  /** Relays run one after another, in the order messages came. */
  private chain: Promise<void> = Promise.resolve();
  private wasLive = false;
  private closing = false;

  constructor(private readonly opts: BridgeOptions) {
    this.relay = opts.relay;
    this.up = new Gauge({
      name: 'fleetlight_bridge_up',
      help: '1 while the bridge is live on its upstream, else 0',
      registers: [],
    });
    this.relayed = new Counter({
      name: 'fleetlight_bridge_messages_total',
      help: 'Upstream messages, per channel and outcome (published, unchanged)',
      labelNames: ['channel', 'outcome'],
      registers: [],
    });
    this.resets = new Counter({
      name: 'fleetlight_bridge_resets_total',
      help: 'Resumes the upstream answered with a snapshot, per reason',
      labelNames: ['reason'],
      registers: [],
    });
    this.failures = new Counter({
      name: 'fleetlight_bridge_relay_failures_total',
      help: 'Upstream messages that could not be relayed',
      registers: [],
    });
    this.metrics = [this.up, this.relayed, this.resets, this.failures];

    this.client = new FleetClient({
      url: opts.upstream.url,
      apiKey: opts.upstream.key,
      WebSocket,
      wake: null,
      // Relayed state lives in this server's database and hub already.
      cache: false,
      ...(opts.reconnect && { reconnect: opts.reconnect }),
      ...(opts.heartbeat && { heartbeat: opts.heartbeat }),
    });
    for (const channel of CHANNELS) {
      this.client.subscribe(channel, (message) => this.enqueue(message));
    }
    this.client.on('state', (state, detail) => this.report(state, detail.reason));
    this.client.on('reset', ({ reason, alerts }) => {
      this.resets.inc({ reason });
      opts.log.info('upstream answered with a snapshot', {
        reason,
        openAlerts: alerts.length,
      });
    });
    this.client.on('error', (error) => {
      opts.log.warn('upstream refused a message', { code: error.code });
    });
  }

  /** True while messages flow from the upstream. */
  get live(): boolean {
    return this.client.state === 'live';
  }

  /** Hears each change of the link's state; answers the unsubscribe. */
  onState(listener: (state: ConnectionState) => void): () => void {
    return this.client.on('state', (state) => listener(state));
  }

  start(): void {
    this.client.connect();
  }

  /** Disconnects, then waits for relays under way. */
  async close(): Promise<void> {
    this.closing = true;
    this.client.close();
    await this.chain;
  }

  /** Resolves once every message received so far has been relayed. */
  settled(): Promise<void> {
    return this.chain;
  }

  private enqueue(message: StreamMessage): void {
    this.chain = this.chain.then(async () => {
      try {
        const outcome = await this.opts.relay.relay(message);
        this.relayed.inc({ channel: message.channel, outcome });
      } catch (error) {
        this.failures.inc();
        this.opts.log.error('could not relay an upstream message', {
          channel: message.channel,
          error,
        });
      }
    });
  }

  /** Logs the link coming and going, not every attempt in between. */
  private report(state: ConnectionState, reason: string | undefined): void {
    const live = state === 'live';
    this.up.set(live ? 1 : 0);
    const { log } = this.opts;
    if (live) log.info('upstream live');
    else if (this.wasLive && state === 'reconnecting')
      log.info('upstream lost', { reason });
    if (state === 'closed' && !this.closing)
      log.warn('upstream link closed for good; check the key and URL, then restart', {
        reason,
      });
    this.wasLive = live;
  }
}
