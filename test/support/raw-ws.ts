import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';

/** RFC 6455 §5.2 opcodes. */
export const OP = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

/** One frame as the server sent it. */
export interface Frame {
  fin: boolean;
  /** RSV1–RSV3 as the three bits 0b100, 0b010, 0b001. */
  rsv: number;
  opcode: number;
  payload: Buffer;
}

export interface FrameOptions {
  /** Final fragment (default true). */
  fin?: boolean;
  /** RSV1–RSV3 as the three bits 0b100, 0b010, 0b001 (default 0). */
  rsv?: number;
  /** Mask the payload, as a client must (default true). */
  mask?: boolean;
  /** The length the header announces, when it should lie (default: the payload's). */
  length?: number | bigint;
}

/** The fixed GUID of the opening handshake, RFC 6455 §1.3. */
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Encodes one client frame, masked unless told otherwise. */
export function frame(
  opcode: number,
  payload: Buffer | string = Buffer.alloc(0),
  opts: FrameOptions = {},
): Buffer {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const { fin = true, rsv = 0, mask = true } = opts;
  const length = BigInt(opts.length ?? data.length);

  const first = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
  const maskBit = mask ? 0x80 : 0;
  let header: Buffer;
  if (length < 126n) {
    header = Buffer.from([first, maskBit | Number(length)]);
  } else if (length < 65536n) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(Number(length), 2);
    header[1] = maskBit | 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(length, 2);
    header[1] = maskBit | 127;
  }
  header[0] = first;
  if (!mask) return Buffer.concat([header, data]);

  const key = randomBytes(4);
  const masked = Buffer.from(data);
  for (let i = 0; i < masked.length; i++) masked[i]! ^= key[i % 4]!;
  return Buffer.concat([header, key, masked]);
}

/** A close frame's payload: the code, then the reason. */
export function closePayload(code: number, reason: Buffer | string = ''): Buffer {
  const head = Buffer.alloc(2);
  head.writeUInt16BE(code);
  return Buffer.concat([head, Buffer.from(reason)]);
}

/** `message` cut into text frames of `size` bytes, a continuation after the first. */
export function fragments(message: Buffer | string, size: number): Buffer[] {
  const data = Buffer.from(message);
  const frames: Buffer[] = [];
  for (let at = 0; at < data.length; at += size) {
    const opcode = at === 0 ? OP.text : OP.continuation;
    const fin = at + size >= data.length;
    frames.push(frame(opcode, data.subarray(at, at + size), { fin }));
  }
  return frames;
}

/** How a connection ended: the server's close frame, or none before TCP closed. */
export interface Ending {
  /** Whether the server sent a close frame before TCP closed. */
  closeFrame: boolean;
  /** The code of that close frame; null if it sent none or one without a code. */
  code: number | null;
  reason: string;
}

/**
 * A WebSocket client on a bare TCP socket, for sending what a well-behaved
 * client never would. It does the opening handshake, then writes whatever
 * bytes it is given and parses every frame the server sends back.
 */
export class RawSocket {
  readonly frames: Frame[] = [];
  /** Settles with the first close frame, or when TCP closes without one. */
  readonly ended: Promise<Ending>;
  private buffered = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  private end!: (ending: Ending) => void;

  private constructor(
    readonly socket: net.Socket,
    rest: Buffer,
  ) {
    this.ended = new Promise((resolve) => (this.end = resolve));
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.end({ closeFrame: false, code: null, reason: '' }));
    // A reset after the server gave up on us is an ending, not a failure.
    socket.on('error', () => undefined);
    if (rest.length > 0) this.receive(rest);
  }

  /** Opens `url` (ws://127.0.0.1:port/path?query) with a real Sec-WebSocket-Key. */
  static open(url: string): Promise<RawSocket> {
    const { hostname, port, pathname, search } = new URL(url);
    const key = randomBytes(16).toString('base64');
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    const socket = net.connect(Number(port), hostname);

    return new Promise((resolve, reject) => {
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        socket.off('error', reject);
        const lines = head.subarray(0, end).toString('latin1').split('\r\n');
        const ok =
          /^HTTP\/1\.1 101 /.test(lines[0] ?? '') &&
          lines.includes(`Sec-WebSocket-Accept: ${accept}`);
        if (!ok) {
          socket.destroy();
          return reject(new Error(`handshake refused: ${lines[0] ?? ''}`));
        }
        resolve(new RawSocket(socket, head.subarray(end + 4)));
      };
      socket.on('data', onData);
      socket.once('error', reject);
      socket.write(
        [
          `GET ${pathname}${search} HTTP/1.1`,
          `Host: ${hostname}:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${key}`,
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
    });
  }

  /** Writes raw bytes, each buffer in turn, as one TCP write. */
  write(...chunks: Buffer[]): void {
    this.socket.write(Buffer.concat(chunks));
  }

  /** The text of every text frame received so far. */
  get texts(): string[] {
    return this.frames.filter((f) => f.opcode === OP.text).map((f) => String(f.payload));
  }

  /** The first frame, past or future, that matches; fails after `timeoutMs`. */
  next(match: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(match);
        if (!found) return false;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== onFrame);
        resolve(found);
        return true;
      };
      const onFrame = () => void check();
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== onFrame);
        const seen = this.frames.map((f) => f.opcode).join(', ');
        reject(new Error(`no matching frame within ${timeoutMs} ms; opcodes: ${seen}`));
      }, timeoutMs);
      if (!check()) this.waiters.push(onFrame);
    });
  }

  /**
   * How the connection ended, or 'open' if it had not within `timeoutMs`:
   * a server that should have closed fails the test at once, by name.
   */
  endedWithin(timeoutMs = 5000): Promise<Ending | 'open'> {
    let timer: NodeJS.Timeout | undefined;
    const open = new Promise<'open'>((r) => (timer = setTimeout(r, timeoutMs, 'open')));
    return Promise.race([this.ended, open]).finally(() => clearTimeout(timer));
  }

  /** Drops the TCP connection without a close frame. */
  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (let f = this.parse(); f; f = this.parse()) {
      this.frames.push(f);
      if (f.opcode === OP.close) this.end(endingOf(f.payload));
      for (const w of this.waiters) w();
    }
  }

  /** Takes one whole server frame off the buffer, if one has arrived. */
  private parse(): Frame | undefined {
    const b = this.buffered;
    if (b.length < 2) return undefined;
    let length = b[1]! & 0x7f;
    let at = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      at = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      length = Number(b.readBigUInt64BE(2));
      at = 10;
    }
    if (b.length < at + length) return undefined;

    this.buffered = b.subarray(at + length);
    return {
      fin: (b[0]! & 0x80) !== 0,
      rsv: (b[0]! >> 4) & 0x7,
      opcode: b[0]! & 0x0f,
      payload: Buffer.from(b.subarray(at, at + length)),
    };
  }
}

function endingOf(payload: Buffer): Ending {
  if (payload.length < 2) return { closeFrame: true, code: null, reason: '' };
  const code = payload.readUInt16BE(0);
  return { closeFrame: true, code, reason: String(payload.subarray(2)) };
}
