import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../../server/transports/bookovia/server';
import { closePayload, fragments, frame, OP, RawSocket } from '../support/raw-ws';
import { keyOf, startServer, type TestServer } from '../support/server';

/**
 * RFC 6455 robustness, over raw TCP: every case is run against Fleetlight's
 * Bookovia endpoint and against a bare `ws` server with the same limit, and
 * both must give the same verdict (docs/RELIABILITY.md, WebSocket protocol
 * robustness).
 */

const FLEET = 'austin-metrorapid';
const LIMIT = DEFAULT_MAX_PAYLOAD_BYTES;

/** A server under test, and how to tell it answered a message. */
interface Target {
  /** A URL whose socket is ready to talk (authenticated, for Fleetlight). */
  url: string;
  /** The same endpoint without credentials. */
  anonymousUrl: string;
  /** Resolves once the server will act on messages. */
  ready(s: RawSocket): Promise<void>;
  /** A message the server answers, carrying `id`. */
  probe(id: string): string;
  /** Whether `text` is the server's answer to `probe(id)`. */
  answers(text: string, id: string): boolean;
  close(): Promise<void>;
}

async function fleetlight(): Promise<Target> {
  const server: TestServer = await startServer({ AUTH_TIMEOUT_MS: '1000' });
  const base = `${server.wsBase}/v1/streaming/websocket`;
  return {
    url: `${base}?api_key=${keyOf(server, FLEET)}&fleet_id=${FLEET}`,
    anonymousUrl: base,
    async ready(s) {
      await s.next((f) => f.opcode === OP.text && typeOf(f.payload) === 'auth_success');
    },
    probe: (id) =>
      JSON.stringify({
        type: 'subscribe',
        id,
        payload: { action: 'subscribe', channel: 'alerts' },
      }),
    answers(text, id) {
      const m = JSON.parse(text) as { type?: string; id?: string };
      return m.type === 'subscribed' && m.id === id;
    },
    close: () => server.close(),
  };
}

/** ws itself, echoing every message, with the limit Fleetlight uses. */
async function bareWs(): Promise<Target> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: LIMIT });
  wss.on('connection', (ws) => {
    // ws reports each protocol error here after closing; without a listener it throws.
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  await new Promise((resolve) => wss.once('listening', resolve));
  const { port } = wss.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}/`;
  return {
    url,
    anonymousUrl: url,
    ready: () => Promise.resolve(),
    probe: (id) => JSON.stringify({ echo: id }),
    answers: (text, id) => text === JSON.stringify({ echo: id }),
    close() {
      for (const ws of wss.clients) ws.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

function typeOf(payload: Buffer): unknown {
  return (JSON.parse(String(payload)) as { type?: unknown }).type;
}

const text = (s: string | Buffer, fin = true) => frame(OP.text, s, { fin });
const cont = (s: string | Buffer, fin = true) => frame(OP.continuation, s, { fin });
const bytes = (...b: number[]) => Buffer.from(b);

/** One hostile input and the close code the server must answer it with. */
interface Case {
  name: string;
  frames: () => Buffer[];
  code: number;
}

const RESERVED_OPCODES = [0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf];
const INVALID_CLOSE_CODES = [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000];

const CASES: Case[] = [
  {
    name: 'an unmasked client frame',
    frames: () => [frame(OP.text, 'hi', { mask: false })],
    code: 1002,
  },
  ...[0b100, 0b010, 0b001].map((rsv) => ({
    name: `RSV bits ${rsv.toString(2).padStart(3, '0')} without an extension`,
    frames: () => [frame(OP.text, 'hi', { rsv })],
    code: 1002,
  })),
  ...RESERVED_OPCODES.map((op) => ({
    name: `reserved opcode 0x${op.toString(16)}`,
    frames: () => [frame(op, 'hi')],
    code: 1002,
  })),
  {
    name: 'a ping with 126 bytes of payload',
    frames: () => [frame(OP.ping, Buffer.alloc(126))],
    code: 1002,
  },
  {
    name: 'a close frame with 126 bytes of payload',
    frames: () => [frame(OP.close, closePayload(1000, 'x'.repeat(124)))],
    code: 1002,
  },
  {
    name: 'a fragmented ping',
    frames: () => [frame(OP.ping, 'a', { fin: false }), cont('b')],
    code: 1002,
  },
  {
    name: 'a continuation with no message open',
    frames: () => [cont('orphan')],
    code: 1002,
  },
  {
    name: 'a new text frame while a fragmented message is open',
    frames: () => [text('one', false), text('two')],
    code: 1002,
  },
  {
    name: 'a binary frame while a fragmented text message is open',
    frames: () => [text('one', false), frame(OP.binary, 'two')],
    code: 1002,
  },
  {
    name: 'invalid UTF-8 in a text frame',
    frames: () => [text(bytes(0x68, 0x69, 0xff))],
    code: 1007,
  },
  {
    name: 'an overlong encoding in a text frame',
    frames: () => [text(bytes(0xc0, 0xaf))],
    code: 1007,
  },
  {
    name: 'a UTF-16 surrogate in a text frame',
    frames: () => [text(bytes(0xed, 0xa0, 0x80))],
    code: 1007,
  },
  {
    name: 'a fragmented text message broken mid-codepoint',
    // "€" is E2 82 AC; the second fragment goes on with "(" instead of AC.
    frames: () => [text(bytes(0x61, 0xe2, 0x82), false), cont(bytes(0x28))],
    code: 1007,
  },
  {
    name: 'a fragmented text message ending inside a codepoint',
    frames: () => [text(bytes(0x61, 0xe2), false), cont(bytes(0x82))],
    code: 1007,
  },
  {
    name: 'a close frame with an invalid UTF-8 reason',
    frames: () => [frame(OP.close, closePayload(1000, bytes(0xce, 0xba, 0xff)))],
    code: 1007,
  },
  ...INVALID_CLOSE_CODES.map((code) => ({
    name: `a close frame with the invalid code ${code}`,
    frames: () => [frame(OP.close, closePayload(code))],
    code: 1002,
  })),
  {
    name: 'a close frame with a 1-byte payload',
    frames: () => [frame(OP.close, bytes(0x03))],
    code: 1002,
  },
  {
    name: 'a frame one byte over the limit',
    frames: () => [text('x'.repeat(LIMIT + 1))],
    code: 1009,
  },
  {
    name: 'a header announcing a frame over the limit, with no payload sent',
    frames: () => [frame(OP.binary, '', { length: LIMIT + 1 })],
    code: 1009,
  },
  {
    name: 'a header announcing 2^63 bytes',
    frames: () => [frame(OP.binary, '', { length: 2n ** 63n })],
    code: 1009,
  },
  {
    name: 'a fragmented message whose fragments add up to over the limit',
    frames: () => {
      const half = 'x'.repeat(LIMIT / 2 + 1);
      return [text(half, false), cont(half)];
    },
    code: 1009,
  },
];

const TARGETS = [
  ['Fleetlight Bookovia endpoint', fleetlight],
  ['bare ws server', bareWs],
] as const;

describe.each(TARGETS)('RFC 6455 robustness: %s', (_name, start) => {
  let target: Target;
  const open: RawSocket[] = [];

  beforeAll(async () => {
    target = await start();
  });

  afterAll(async () => {
    await target.close();
  });

  afterEach(() => {
    for (const s of open.splice(0)) s.destroy();
  });

  async function connect(url = target.url): Promise<RawSocket> {
    const s = await RawSocket.open(url);
    open.push(s);
    await target.ready(s);
    return s;
  }

  /** Sends the probe on `s`, possibly cut up, and waits for the answer. */
  async function answered(s: RawSocket, id: string, send?: (m: string) => void) {
    const message = target.probe(id);
    if (send) send(message);
    else s.write(text(message));
    return s.next((f) => f.opcode === OP.text && target.answers(String(f.payload), id));
  }

  it.each(CASES)('closes on $name with $code', async ({ frames, code }) => {
    const s = await connect();

    s.write(...frames());

    const ending = await s.endedWithin();
    expect(ending).toMatchObject({ closeFrame: true, code });
  });

  it('answers a ping with a pong carrying the same payload', async () => {
    const s = await connect();
    const payload = Buffer.from('fleetlight ping €');

    s.write(frame(OP.ping, payload));

    const pong = await s.next((f) => f.opcode === OP.pong);
    expect(pong.payload).toEqual(payload);
  });

  it('answers a 125-byte ping, the largest allowed, in full', async () => {
    const s = await connect();
    const payload = Buffer.alloc(125, 0x5a);

    s.write(frame(OP.ping, payload));

    const pong = await s.next((f) => f.opcode === OP.pong);
    expect(pong.payload).toEqual(payload);
  });

  it.each([1000, 3000, 4999])('echoes the valid close code %i', async (code) => {
    const s = await connect();

    s.write(frame(OP.close, closePayload(code, 'bye')));

    expect(await s.endedWithin()).toMatchObject({ closeFrame: true, code });
  });

  it('accepts a text message sent one byte per frame, split mid-codepoint', async () => {
    const s = await connect();
    const id = 'frag-€-ü';

    // One byte a frame splits "€" and "ü" across frames.
    const reply = await answered(s, id, (m) => s.write(...fragments(m, 1)));

    expect(reply.fin).toBe(true);
    expect(s.frames.some((f) => f.opcode === OP.close)).toBe(false);
  });

  it('accepts a ping between the fragments of a message', async () => {
    const s = await connect();
    const id = 'ping-inside';

    const reply = await answered(s, id, (m) => {
      const [head = Buffer.alloc(0), ...tail] = fragments(m, 8);
      s.write(head, frame(OP.ping, 'mid'), ...tail);
    });

    // The pong goes out as the ping is read, before the message is whole.
    const pong = s.frames.findIndex((f) => f.opcode === OP.pong);
    const answer = s.frames.indexOf(reply);
    expect(String(s.frames[pong]?.payload)).toBe('mid');
    expect(pong).toBeLessThan(answer);
  });

  it('accepts a message exactly at the limit', async () => {
    const s = await connect();

    s.write(frame(OP.binary, Buffer.alloc(LIMIT)));
    await answered(s, 'after-limit');

    expect(s.frames.some((f) => f.opcode === OP.close)).toBe(false);
  });

  it('serves the next client after one drops TCP in the middle of a frame', async () => {
    const dropped = await connect();
    dropped.write(frame(OP.text, 'x'.repeat(1000)).subarray(0, 300));
    dropped.destroy();
    await dropped.ended;

    const next = await connect();

    await answered(next, 'after-drop');
  });

  it('serves other clients while one announces a payload and goes silent', async () => {
    const silent = await RawSocket.open(target.anonymousUrl);
    open.push(silent);
    silent.write(frame(OP.binary, '', { length: LIMIT - 1 }));

    const other = await connect();

    await answered(other, 'beside-silent');
  });
});

describe('the Bookovia payload limit', () => {
  it('is the WS_MAX_PAYLOAD_BYTES the endpoint enforces', async () => {
    const server = await startServer({ WS_MAX_PAYLOAD_BYTES: '2048', DEMO: 'off' });
    // The limit is ws's, applied before authentication: no key is needed.
    const url = `${server.wsBase}/v1/streaming/websocket`;
    try {
      const over = await RawSocket.open(url);
      const at = await RawSocket.open(url);

      over.write(frame(OP.binary, Buffer.alloc(2049)));
      at.write(frame(OP.binary, Buffer.alloc(2048)), frame(OP.close, closePayload(1000)));

      expect(await over.endedWithin()).toMatchObject({ code: 1009 });
      expect(await at.endedWithin()).toMatchObject({ code: 1000 });
      over.destroy();
      at.destroy();
    } finally {
      await server.close();
    }
  });
});

describe('a half-open Bookovia socket', () => {
  it('is closed by the server on its own deadline', async () => {
    const server = await startServer({ AUTH_TIMEOUT_MS: '1000', DEMO: 'off' });
    try {
      const s = await RawSocket.open(`${server.wsBase}/v1/streaming/websocket`);
      s.write(frame(OP.binary, '', { length: LIMIT - 1 }));

      // The deadline is 1 s; the bound is only there to fail by name.
      const ending = await s.endedWithin(10_000);

      expect(ending).toEqual({ closeFrame: true, code: 4408, reason: 'auth_timeout' });
      s.destroy();
    } finally {
      await server.close();
    }
  });
});
