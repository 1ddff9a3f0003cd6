import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Resolves with the `n`th request (1-based) once it has arrived. */
  request(n: number): Promise<Received>;
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1. The `n`th request (1-based) is answered
 * as `answer(n)` says, or never, for 'hang'.
 */
export async function startReceiver(
  answer: (n: number) => Answer | 'hang',
): Promise<Receiver> {
  const received: Received[] = [];
  const waiting = new Map<number, (r: Received) => void>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      const n = received.length;
      const a = answer(n);
      if (a !== 'hang') res.writeHead(a.status, a.headers).end();
      waiting.get(n)?.(r);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks/fleetlight`,
    received,
    request(n) {
      const r = received[n - 1];
      if (r) return Promise.resolve(r);
      return new Promise((resolve) => waiting.set(n, resolve));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Checks a request's X-Fleetlight-Signature the way docs/ALERTS.md tells
 * receivers to, independently of the server's signing code. Answers the
 * signed time in seconds, or throws saying what is wrong.
 */
export function verifySignature(
  r: Received,
  secret: string,
  nowS: number,
  toleranceS = 300,
): number {
  const header = String(r.headers['x-fleetlight-signature'] ?? '');
  const parts = new Map(
    header.split(',').map((kv) => kv.split('=', 2) as [string, string]),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t)) throw new Error(`no time in "${header}"`);
  if (Math.abs(nowS - t) > toleranceS) throw new Error(`t=${t} is outside the window`);

  const expected = createHmac('sha256', secret).update(`${t}.${r.body}`).digest();
  const given = Buffer.from(v1, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new Error('the signature does not match');
  }
  return t;
}
