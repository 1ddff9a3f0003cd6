import type http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type Metric,
} from 'prom-client';
import { sql } from 'kysely';
import { ALERT_STATUSES } from '../../lib/protocol';
import type { Db } from '../db/open';
import type { StreamHub } from '../stream/hub';
import { createSentMeter, type SentMeter } from './delivery-metrics';
import { sendJson } from './respond';

/** How long /readyz waits for the database's answer. */
export const DATABASE_CHECK_MS = 2000;

/** Something the server needs before it can take traffic; true when it has it. */
export type ReadinessCheck = () => boolean | Promise<boolean>;

export interface OpsDeps {
  db: Db;
  hub: StreamHub;
  /**
   * Open connections per transport, read at each scrape: `socketio_websocket`,
   * `socketio_polling`, `bookovia`, `long_poll` (polls waiting now).
   */
  connections: () => Record<string, number>;
  /** Events the replay buffer keeps, over all fleets. */
  replayDepth: () => number;
}

/**
 * What an operator's tooling asks of a node, without a key:
 * `/healthz` (the process answers), `/readyz` (it can serve: database
 * reachable, every registered check passing, not shutting down) and
 * `/metrics` in Prometheus' text format. None of them reveals fleet data.
 */
export class Ops {
  readonly registry = new Registry();
  /** Transports report each message they hand to clients here. */
  readonly sent: SentMeter;
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining = false;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 20 });
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: OpsDeps) {
    collectDefaultMetrics({ register: this.registry });
    this.loopDelay.enable();
    this.sent = createSentMeter(this.registry);
    const registers = [this.registry];

    // Messages in: what the hub publishes, before any fan-out.
    const messages = new Counter({
      name: 'fleetlight_stream_messages_total',
      help: 'Stream messages published, per channel (each goes to every subscriber)',
      labelNames: ['channel'],
      registers,
    });
    const age = new Histogram({
      name: 'fleetlight_stream_event_age_seconds',
      help: 'Age of an event when it is published: now minus its own timestamp',
      labelNames: ['channel'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60],
      registers,
    });
    this.unsubscribe = deps.hub.subscribe(({ message }) => {
      messages.inc({ channel: message.channel });
      const seconds = (Date.now() - Date.parse(message.timestamp)) / 1000;
      if (Number.isFinite(seconds) && seconds >= 0) {
        age.observe({ channel: message.channel }, seconds);
      }
    });

    new Gauge({
      name: 'fleetlight_connections',
      help: 'Open client connections, per transport',
      labelNames: ['transport'],
      registers,
      collect() {
        for (const [transport, n] of Object.entries(deps.connections())) {
          this.set({ transport }, n);
        }
      },
    });
    new Gauge({
      name: 'fleetlight_replay_buffer_events',
      help: 'Events kept for resumes, over all fleets (REPLAY_MAX_EVENTS per fleet)',
      registers,
      collect() {
        this.set(deps.replayDepth());
      },
    });
    const loopDelay = this.loopDelay;
    new Gauge({
      name: 'fleetlight_event_loop_delay_p99_seconds',
      help: 'p99 event-loop delay since the previous scrape',
      registers,
      collect() {
        this.set(loopDelay.percentile(99) / 1e9);
        loopDelay.reset();
      },
    });
    new Gauge({
      name: 'fleetlight_alerts',
      help: 'Stored alerts, per status',
      labelNames: ['status'],
      registers,
      async collect() {
        const rows = await deps.db
          .selectFrom('alerts')
          .select(['status', deps.db.fn.countAll<number>().as('n')])
          .groupBy('status')
          .execute();
        for (const status of ALERT_STATUSES) {
          const n = rows.find((r) => r.status === status)?.n ?? 0;
          this.set({ status }, Number(n));
        }
      },
    });
  }

  /** Adds metrics a part of the server keeps itself, such as source health. */
  register(...metrics: Metric[]): void {
    for (const m of metrics) this.registry.registerMetric(m);
  }

  /** Adds a readiness condition, such as the demo replay having started. */
  addCheck(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** From now on /readyz answers 503, so load balancers stop sending work. */
  drain(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Answers the three routes; false for any other request. */
  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '').split('?')[0];
    switch (path) {
      case '/healthz':
        sendJson(res, 200, { status: 'ok' });
        return true;
      case '/readyz':
        await this.ready(res);
        return true;
      case '/metrics': {
        const text = await this.registry.metrics();
        res.writeHead(200, { 'Content-Type': this.registry.contentType });
        res.end(text);
        return true;
      }
      default:
        return false;
    }
  }

  close(): void {
    this.unsubscribe();
    this.loopDelay.disable();
    this.registry.clear();
  }

  private async ready(res: http.ServerResponse): Promise<void> {
    const checks: Record<string, boolean> = { database: await this.databaseUp() };
    for (const [name, check] of this.checks) {
      checks[name] = await Promise.resolve()
        .then(check)
        .catch(() => false);
    }
    const ready = !this.draining && Object.values(checks).every(Boolean);
    const status = this.draining ? 'draining' : ready ? 'ready' : 'not_ready';
    sendJson(res, ready ? 200 : 503, { status, checks });
  }

  /**
   * `select 1`, given DATABASE_CHECK_MS. On PostgreSQL a dead server or a
   * pool with every connection busy would otherwise hold /readyz until
   * the prober gives up, which tells it less than a prompt 503.
   */
  private async databaseUp(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), DATABASE_CHECK_MS);
    });
    const probe = sql`select 1`.execute(this.deps.db).then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
