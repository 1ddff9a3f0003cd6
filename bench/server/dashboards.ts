/**
 * A process of dashboard clients. They speak Socket.IO (engine.io v4 over
 * a bare WebSocket, which costs far less per message than
 * socket.io-client and shows every frame's size) or Bookovia, stamp each
 * position with their receive time, and count what they get. Socket.IO
 * clients take the server's default, binary `positions` batches, and
 * count the wire bytes of every frame, its WebSocket header included.
 */
import WebSocket from 'ws';
import { bookoviaUpdates, SocketIoReader, wireBytes, type Received } from './codec';
import { BENCH_KEY } from './fanout';
import { serve } from './rpc';
import { LatencyHistogram, watchLoad, type GeneratorLoad } from './stats';

export interface ConnectArgs {
  protocol: 'sio' | 'bookovia';
  /** `http://127.0.0.1:port` of the server. */
  url: string;
  /** The fleet each client reads, one entry per client. */
  fleets: readonly string[];
  /** Source address, so many clients do not run out of ports. */
  localAddress?: string;
  /** Reconnect as socket.io-client does (1 s doubling to 5 s, ±50 %). */
  reconnect?: boolean;
}

export interface DashboardStats {
  clients: number;
  live: number;
  updates: number;
  duplicates: number;
  frames: number;
  bytes: number;
  /** Latency histogram as [ms, count] pairs. */
  latency: Array<[number, number]>;
  load: GeneratorLoad;
}

/** How many handshakes one process keeps in flight while connecting. */
const IN_FLIGHT = 100;
/** How long a client may take from dialling to live. */
const HANDSHAKE_MS = 20_000;

class Dashboard {
  live = false;
  private ws: WebSocket | undefined;
  private attempt = 0;
  private closed = false;
  /** Newest position time per vehicle; an older or equal one is a duplicate. */
  private readonly newest = new Map<string, number>();
  private binary: { name: string; args: unknown[]; left: number } | undefined;
  private readonly reader = new SocketIoReader();

  constructor(
    private readonly args: ConnectArgs,
    private readonly fleet: string,
    private readonly counters: Counters,
  ) {}

  open(onLive: () => void): void {
    const { url, protocol, localAddress } = this.args;
    const base = url.replace(/^http/, 'ws');
    const target =
      protocol === 'sio'
        ? `${base}/socket.io/?EIO=4&transport=websocket`
        : `${base}/v1/streaming/websocket?api_key=${BENCH_KEY}` +
          `&fleet_id=${this.fleet}&subscriptions=vehicle_locations`;
    const ws = new WebSocket(target, {
      perMessageDeflate: false,
      ...(localAddress && { localAddress }),
    });
    this.ws = ws;
    // A handshake that never completes frees its slot as a failure.
    const stuck = setTimeout(() => this.live || ws.terminate(), HANDSHAKE_MS);
    ws.on('message', (data: Buffer, isBinary) => {
      this.counters.frames++;
      this.counters.bytes += wireBytes(data.length);
      if (protocol === 'bookovia') {
        if (!this.live) this.up(onLive);
        this.take(bookoviaUpdates(data.toString()));
      } else this.onSocketIo(data, isBinary, onLive);
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      clearTimeout(stuck);
      if (this.live) this.counters.live--;
      this.live = false;
      // A failed first attempt still frees its slot in `connect`.
      onLive();
      if (this.closed || !this.args.reconnect) return;
      this.attempt++;
      const delay = Math.min(5000, 1000 * 2 ** (this.attempt - 1));
      setTimeout(() => this.open(() => {}), delay * (0.5 + Math.random()));
    });
  }

  close(): void {
    this.closed = true;
    this.live = false;
    this.ws?.terminate();
  }

  private up(onLive: () => void): void {
    this.live = true;
    this.attempt = 0;
    this.counters.live++;
    this.counters.onLive();
    onLive();
  }

  private onSocketIo(data: Buffer, isBinary: boolean, onLive: () => void): void {
    if (isBinary) return this.attachment(data);
    const text = data.toString();
    const kind = text[0];
    if (kind === '2') return void this.ws?.send('3');
    if (kind === '0') {
      const auth = JSON.stringify({ apiKey: BENCH_KEY, fleetId: this.fleet });
      return void this.ws?.send(`40${auth}`);
    }
    if (kind !== '4') return;
    const type = text[1];
    if (type === '0') return this.up(onLive);
    if (type === '4') return void this.ws?.close();
    if (type === '2') {
      const [name, ...args] = JSON.parse(text.slice(2)) as [string, ...unknown[]];
      return this.take(this.reader.updates(name, args));
    }
    if (type === '5') {
      const dash = text.indexOf('-');
      const left = Number(text.slice(2, dash));
      const [name, ...args] = JSON.parse(text.slice(dash + 1)) as [string, ...unknown[]];
      this.binary = { name, args, left };
    }
  }

  /** Puts a binary attachment where its placeholder was; decodes when all came. */
  private attachment(data: Buffer): void {
    const pending = this.binary;
    if (!pending) return;
    const num = --pending.left;
    const fill = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(fill);
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o['_placeholder'] === true) return o['num'] === num ? data : v;
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, fill(x)]));
      }
      return v;
    };
    pending.args = pending.args.map(fill);
    if (pending.left > 0) return;
    this.binary = undefined;
    this.take(this.reader.updates(pending.name, pending.args));
  }

  private take(updates: Received[]): void {
    if (updates.length === 0) return;
    const now = Date.now();
    for (const u of updates) {
      const last = this.newest.get(u.vehicleId) ?? -Infinity;
      if (u.at <= last) {
        this.counters.duplicates++;
        continue;
      }
      this.newest.set(u.vehicleId, u.at);
      this.counters.updates++;
      this.counters.latency.add(now - u.at);
    }
  }
}

class Counters {
  live = 0;
  updates = 0;
  duplicates = 0;
  frames = 0;
  bytes = 0;
  latency = new LatencyHistogram();
  onLive: () => void = () => {};
}

const counters = new Counters();
const clients: Dashboard[] = [];
let load = watchLoad();

serve({
  async connect(args: ConnectArgs) {
    let next = 0;
    const one = (): Promise<void> =>
      new Promise((resolve) => {
        const index = next++;
        if (index >= args.fleets.length) return resolve();
        const d = new Dashboard(args, args.fleets[index] ?? '', counters);
        clients.push(d);
        let done = false;
        d.open(() => {
          if (done) return;
          done = true;
          resolve(one());
        });
      });
    await Promise.all(Array.from({ length: IN_FLIGHT }, one));
    return { live: counters.live };
  },
  reset() {
    const live = counters.live;
    Object.assign(counters, new Counters(), { live });
    load = watchLoad();
  },
  stats(): DashboardStats {
    const pairs: Array<[number, number]> = [];
    counters.latency.counts.forEach((n, ms) => n > 0 && pairs.push([ms, n]));
    return {
      clients: clients.length,
      live: counters.live,
      updates: counters.updates,
      duplicates: counters.duplicates,
      frames: counters.frames,
      bytes: counters.bytes,
      latency: pairs,
      load: load.stop(),
    };
  },
  /** Resolves with the time every client is live again, after the server dropped them. */
  allLive({ timeoutMs }: { timeoutMs: number }) {
    return new Promise<number | null>((resolve) => {
      const check = () => {
        if (counters.live < clients.length) return;
        clearTimeout(timer);
        counters.onLive = () => {};
        resolve(Date.now());
      };
      const timer = setTimeout(() => {
        counters.onLive = () => {};
        resolve(null);
      }, timeoutMs);
      counters.onLive = check;
    });
  },
  live: () => counters.live,
  /** Positions so far, without closing the window. */
  count: () => counters.updates + counters.duplicates,
  /** Drops every client and forgets their counts, ready for another run. */
  close() {
    for (const c of clients) c.close();
    clients.length = 0;
    Object.assign(counters, new Counters());
  },
});
