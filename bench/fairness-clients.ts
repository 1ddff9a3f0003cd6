/**
 * The clients of the fairness benchmark and of its smoke test: good ones
 * that time every position and keep every alert id, and the two bad ones
 * the server must bound without the good ones noticing — a socket that
 * stops reading, and one that sends far over the rate limit.
 */
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { decodePositionBatch } from '../lib/protocol/position-batch';
import { frame, OP, RawSocket } from '../test/support/raw-ws';
import { LatencyHistogram } from './server/stats';

export type Transport = 'bookovia' | 'sio';

/** Where the clients connect, and as whom. */
export interface Target {
  /** `http://127.0.0.1:port` */
  url: string;
  apiKey: string;
  fleetId: string;
}

/** What the good clients measured since it was made. */
export class Tally {
  /** Fix time to receive, per transport, ms. */
  readonly positions = { bookovia: new LatencyHistogram(), sio: new LatencyHistogram() };
  /** Alert time (when it was raised) to receive, both transports, ms. */
  readonly alerts = new LatencyHistogram();
}

export interface GoodClient {
  transport: Transport;
  /** Every alert id received, since it connected. */
  alerts: Set<string>;
  /** Set when the server ended the connection: a good client never should. */
  dropped: boolean;
  close(): void;
}

/** A message as it crosses either transport, read only for what is timed. */
interface Wire {
  type?: string;
  channel?: string;
  timestamp?: string;
  payload?: { alert_id?: string; timestamp?: string };
}

const wsBase = (url: string) => url.replace(/^http/, 'ws');

function bookoviaUrl(t: Target): string {
  const query =
    `api_key=${encodeURIComponent(t.apiKey)}&fleet_id=${encodeURIComponent(t.fleetId)}` +
    '&subscriptions=vehicle_locations,alerts';
  return `${wsBase(t.url)}/v1/streaming/websocket?${query}`;
}

function takeAlert(m: Wire, client: GoodClient, tally: Tally, now: number): void {
  const id = m.payload?.alert_id;
  if (m.channel !== 'alerts' || !id) return;
  client.alerts.add(id);
  if (m.timestamp) tally.alerts.add(now - Date.parse(m.timestamp));
}

/**
 * A Bookovia client reading positions and alerts, as an integration
 * would. Resolves once authenticated; `tally()` is read at each message,
 * so a benchmark round can swap it.
 */
export function goodBookovia(t: Target, tally: () => Tally): Promise<GoodClient> {
  const ws = new WebSocket(bookoviaUrl(t), { perMessageDeflate: false });
  let closing = false;
  const client: GoodClient = {
    transport: 'bookovia',
    alerts: new Set(),
    dropped: false,
    close() {
      closing = true;
      ws.terminate();
    },
  };
  return new Promise((resolve, reject) => {
    ws.on('message', (data) => {
      const now = Date.now();
      const m = JSON.parse(String(data)) as Wire;
      if (m.type === 'auth_success') return resolve(client);
      if (m.type === 'location_update' && m.payload?.timestamp) {
        return tally().positions.bookovia.add(now - Date.parse(m.payload.timestamp));
      }
      takeAlert(m, client, tally(), now);
    });
    ws.on('error', reject);
    ws.on('close', (code) => {
      client.dropped = !closing;
      // A no-op once it was live.
      reject(new Error(`the Bookovia client was closed (${code}) before it was live`));
    });
  });
}

/** A dashboard: Socket.IO with binary position batches. Resolves once connected. */
export function goodSocketIo(t: Target, tally: () => Tally): Promise<GoodClient> {
  const socket: Socket = io(t.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { apiKey: t.apiKey, fleetId: t.fleetId },
  });
  const client: GoodClient = {
    transport: 'sio',
    alerts: new Set(),
    dropped: false,
    close: () => socket.disconnect(),
  };
  socket.on('positions', (batch: Buffer) => {
    const now = Date.now();
    const decoded = decodePositionBatch(batch);
    if (!decoded.ok) return;
    const h = tally().positions.sio;
    for (const r of decoded.batch.records) h.add(now - r.deviceTime);
  });
  socket.on('alerts', (m: Wire) => takeAlert(m, client, tally(), Date.now()));
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') client.dropped = true;
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', reject);
  });
}

/**
 * A client that connects, then stops reading its socket for good: on
 * Bookovia a plain WebSocket, on Socket.IO an engine.io WebSocket that
 * joins the fleet (binary position batches unless told `json`) and then
 * never answers a ping. `resume()` reads again, to learn how it ended.
 */
export class SlowConsumer {
  private resumed = false;

  private constructor(
    readonly transport: Transport,
    private readonly raw: RawSocket,
  ) {}

  static async open(
    transport: Transport,
    t: Target,
    positions: 'binary' | 'json' = 'binary',
  ): Promise<SlowConsumer> {
    if (transport === 'bookovia') {
      const raw = await RawSocket.open(bookoviaUrl(t));
      raw.socket.pause();
      return new SlowConsumer(transport, raw);
    }
    const raw = await RawSocket.open(
      `${wsBase(t.url)}/socket.io/?EIO=4&transport=websocket`,
    );
    await raw.next((f) => String(f.payload).startsWith('0'));
    const auth = { apiKey: t.apiKey, fleetId: t.fleetId, positions };
    raw.write(frame(OP.text, `40${JSON.stringify(auth)}`));
    await raw.next((f) => String(f.payload).startsWith('40'));
    raw.socket.pause();
    return new SlowConsumer(transport, raw);
  }

  /** Whether it reads again. */
  get reading(): boolean {
    return this.resumed;
  }

  resume(): void {
    this.resumed = true;
    this.raw.socket.resume();
  }

  /**
   * How the server ended it, read after `resume()`: the Socket.IO error
   * code and the close frame's code and reason, or null when it was
   * still open after `timeoutMs`.
   */
  async ending(timeoutMs: number): Promise<string | null> {
    this.resume();
    const end = await this.raw.endedWithin(timeoutMs);
    if (end === 'open') return null;
    const parts: string[] = [];
    const error = this.raw.texts.find((s) => s.startsWith('42["error"'));
    if (error) {
      const [, body] = JSON.parse(error.slice(2)) as [string, { code?: string }];
      parts.push(`error ${body.code ?? '?'}`);
    }
    if (this.transport === 'sio' && this.raw.texts.includes('41'))
      parts.push('disconnect');
    parts.push(
      end.closeFrame ? `close ${end.code ?? '–'} ${end.reason}`.trim() : 'no close frame',
    );
    return parts.join(', ');
  }

  close(): void {
    this.raw.destroy();
  }
}

/**
 * A client that sends `perSecond` messages a second, in ticks of 50 ms,
 * and when it is cut connects again and carries on until `stop()`.
 * Bookovia: pings; Socket.IO: alert acks (with an empty payload). Each
 * cut is kept as how the server ended it.
 */
export class Flooder {
  /** One entry per connection the server ended. */
  readonly cuts: string[] = [];
  connections = 0;
  private running = true;
  private stopOne: () => void = () => {};

  constructor(
    readonly transport: Transport,
    private readonly target: Target,
    private readonly perSecond: number,
  ) {
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.stopOne();
  }

  private connect(): void {
    if (!this.running) return;
    this.connections++;
    this.stopOne = this.transport === 'bookovia' ? this.bookovia() : this.socketIo();
  }

  private again(): void {
    setTimeout(() => this.connect(), 250);
  }

  private burst(send: (i: number) => void): NodeJS.Timeout {
    const each = Math.max(1, Math.round(this.perSecond / 20));
    let n = 0;
    return setInterval(() => {
      for (let i = 0; i < each; i++) send(n++);
    }, 50);
  }

  private bookovia(): () => void {
    const ws = new WebSocket(bookoviaUrl(this.target), { perMessageDeflate: false });
    let timer: NodeJS.Timeout | undefined;
    ws.on('open', () => {
      timer = this.burst((i) => ws.send(JSON.stringify({ type: 'ping', id: `f${i}` })));
    });
    ws.on('error', () => {});
    ws.on('close', (code, reason) => {
      clearInterval(timer);
      if (!this.running) return;
      this.cuts.push(`close ${code} ${String(reason)}`.trim());
      this.again();
    });
    return () => {
      clearInterval(timer);
      ws.terminate();
    };
  }

  private socketIo(): () => void {
    const { url, apiKey, fleetId } = this.target;
    const socket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { apiKey, fleetId },
    });
    let timer: NodeJS.Timeout | undefined;
    let last = '';
    socket.on('connect', () => {
      timer = this.burst(() => socket.emit('alert:ack', {}));
    });
    socket.on(
      'error' as never,
      (body: { code?: string }) => void (last = body.code ?? '?'),
    );
    socket.on('disconnect', (reason) => {
      clearInterval(timer);
      if (!this.running) return;
      this.cuts.push(`error ${last || '–'}, ${reason}`);
      this.again();
    });
    return () => {
      clearInterval(timer);
      socket.disconnect();
    };
  }
}

/** A connection the server ended, as its warning says. */
export interface Cut {
  msg: 'slow consumer cut' | 'flooding client cut';
  transport: Transport;
}

/** The cut a server log line tells of, if it tells of one. */
export function cutOf(line: string): Cut | undefined {
  const entry = JSON.parse(line) as { msg?: string; transport?: string };
  const { msg } = entry;
  if (msg !== 'slow consumer cut' && msg !== 'flooding client cut') return undefined;
  return { msg, transport: entry.transport === 'socket.io' ? 'sio' : 'bookovia' };
}

/** Open connections per transport, from the server's /metrics. */
export async function connectionCounts(url: string): Promise<Record<Transport, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const count = (label: string) => {
    const re = new RegExp(
      `^fleetlight_connections\\{transport="${label}"\\} (\\d+)`,
      'm',
    );
    return Number(re.exec(text)?.[1] ?? NaN);
  };
  return { bookovia: count('bookovia'), sio: count('socketio_websocket') };
}

export interface IngestCount {
  sent: number;
  accepted: number;
  /** Fixes refused, and posts that failed or were answered other than 200. */
  refused: number;
}

/**
 * `vehicles` vehicles reporting once a second through HTTP ingest, a
 * tenth of them every 100 ms so the load is even. A fix carries the time
 * it is posted, so latency runs from the post to the receive. Vehicles
 * drive straight at 40–60 km/h, which every ingest check takes as real.
 */
export class IngestLoad {
  readonly count: IngestCount = { sent: 0, accepted: 0, refused: 0 };
  private readonly timer: NodeJS.Timeout;
  private readonly pending = new Set<Promise<void>>();
  private readonly started = Date.now();
  private tick = 0;

  constructor(
    private readonly target: Target,
    private readonly vehicles: number,
  ) {
    this.timer = setInterval(() => this.post(this.tick++ % 10), 100);
  }

  /** Stops posting; resolves once every post was answered. */
  async stop(): Promise<IngestCount> {
    clearInterval(this.timer);
    await Promise.all(this.pending);
    return this.count;
  }

  private post(slice: number): void {
    const at = Date.now();
    const fixes = [];
    for (let i = slice; i < this.vehicles; i += 10) fixes.push(this.fix(i, at));
    if (fixes.length === 0) return;
    this.count.sent += fixes.length;
    const done = fetch(`${this.target.url}/v1/ingest/positions`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${this.target.apiKey}`,
      },
      body: JSON.stringify({ fleet_id: this.target.fleetId, fixes }),
    })
      .then(async (res) => {
        if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
        const r = (await res.json()) as { accepted: number; rejected: number };
        this.count.accepted += r.accepted;
        this.count.refused += r.rejected;
      })
      .catch(() => void (this.count.refused += fixes.length))
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  private fix(i: number, at: number) {
    const heading = (i * 37) % 360;
    const speed = 40 + (i % 21);
    const metres = (((at - this.started) / 1000) * speed) / 3.6;
    const rad = (heading * Math.PI) / 180;
    const round = (x: number) => Math.round(x * 1e6) / 1e6;
    return {
      vehicle_id: `veh-${i}`,
      timestamp: at,
      lat: round(42.2 + (i % 97) * 1e-3 + (metres * Math.cos(rad)) / 111_000),
      lon: round(-83.8 + (i % 89) * 1e-3 + (metres * Math.sin(rad)) / 82_000),
      speed_kmh: speed,
      heading,
    };
  }
}
