import WebSocket from 'ws';

export interface Received {
  type: string;
  id: string;
  timestamp: string;
  channel?: string;
  seq?: number;
  payload: Record<string, unknown> & {
    code?: string;
    vehicle_id?: string;
    fleet_id?: string;
  };
}

/**
 * A raw WebSocket client for tests: collects every message and waits for
 * the first one that matches, failing loudly after a deadline.
 */
export class TestSocket {
  readonly messages: Received[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as Received);
      for (const w of this.waiters) w();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
    });
  }

  static open(url: string): Promise<TestSocket> {
    const ws = new WebSocket(url);
    const socket = new TestSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  next(match: (m: Received) => boolean, timeoutMs = 10_000, from = 0): Promise<Received> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.slice(from).find(match);
        if (!found) return false;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== onMessage);
        resolve(found);
        return true;
      };
      const onMessage = () => void check();
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== onMessage);
        const seen = this.messages.map((m) => m.type).join(', ');
        reject(new Error(`no matching message within ${timeoutMs} ms; got: ${seen}`));
      }, timeoutMs);
      if (!check()) this.waiters.push(onMessage);
    });
  }

  /** Resolves once `count` messages match. */
  async collect(match: (m: Received) => boolean, count: number, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.filter(match).length < count) {
      if (Date.now() > deadline) {
        throw new Error(
          `only ${this.messages.filter(match).length} of ${count} messages`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.messages.filter(match);
  }

  close(): void {
    this.ws.close();
  }
}
