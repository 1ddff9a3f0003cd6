import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import type { Published } from '../../stream/hub';

/**
 * One stream message framed once for every Bookovia socket that sends it:
 * the same JSON envelope as `ws.send` would frame (one unmasked, final
 * text frame, RFC 6455 §5.2), built on first use. Sockets that negotiated
 * permessage-deflate frame their own: their frames differ per socket.
 */
export class SharedFrame {
  private bytes: Buffer | undefined;

  constructor(readonly published: Published) {}

  frame(): Buffer {
    this.bytes ??= textFrame(this.published.json());
    return this.bytes;
  }
}

// RFC 6455 §5.2: FIN set, and the opcode of a whole text or binary message.
const FIN_TEXT = 0x81;
const FIN_BINARY = 0x82;

/** A server's text frame: never masked, length in 7, 16 or 64 bits. */
export function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const frame = header(FIN_TEXT, length);
  const head = frame.length - length;
  frame.write(text, head, 'utf8');
  return frame;
}

/** A server's binary frame around `data`. */
export function binaryFrame(data: Uint8Array): Buffer {
  const frame = header(FIN_BINARY, data.byteLength);
  frame.set(data, frame.length - data.byteLength);
  return frame;
}

/** A frame of `length` payload bytes, its header written, payload unset. */
function header(first: number, length: number): Buffer {
  const head = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + length);
  frame[0] = first;
  if (head === 2) {
    frame[1] = length;
  } else if (head === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  return frame;
}

/** The part of a ws socket the writer reaches; ws keeps it private. */
interface Inner {
  _socket?: Duplex | null;
}

const corked = new Set<Duplex>();
let uncorkScheduled = false;

/**
 * Writes pre-framed bytes straight to the socket's TCP stream, corked
 * until the end of the tick so what a tick sends one socket leaves in one
 * write. Returns false, writing nothing, when the frame cannot be shared:
 * the socket negotiated compression or has no stream; then send normally.
 * ws's own writes go to the same stream in call order, so frames never
 * interleave; its `bufferedAmount` counts these bytes.
 */
export function writeShared(ws: WebSocket, frame: Buffer): boolean {
  const stream = (ws as unknown as Inner)._socket;
  if (!stream || ws.extensions !== '') return false;
  if (!corked.has(stream)) {
    stream.cork();
    corked.add(stream);
    if (!uncorkScheduled) {
      uncorkScheduled = true;
      process.nextTick(uncorkAll);
    }
  }
  stream.write(frame);
  return true;
}

function uncorkAll(): void {
  uncorkScheduled = false;
  for (const stream of corked) stream.uncork();
  corked.clear();
}
