import type { SocketLike } from '../../../lib/client';

export interface Sent {
  type: string;
  id: string;
  payload?: Record<string, unknown> & { data?: Record<string, unknown> };
}

/**
 * A WebSocket the test drives by hand: it opens, receives and drops when
 * told to, and keeps what the client sent. Every one made is in `made`.
 */
export class FakeSocket implements SocketLike {
  static made: FakeSocket[] = [];
  readyState = 0;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  readonly sent: Sent[] = [];
  closedWith: { code?: number; reason?: string } | undefined;

  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }

  static last(): FakeSocket {
    const s = FakeSocket.made.at(-1);
    if (!s) throw new Error('no socket was made');
    return s;
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data) as Sent);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { ...(code !== undefined && { code }), ...(reason && { reason }) };
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  sentOf(type: string): Sent[] {
    return this.sent.filter((m) => m.type === type);
  }
}
