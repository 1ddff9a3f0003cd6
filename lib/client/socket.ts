/**
 * The part of a WebSocket the client uses: what the browser's global
 * WebSocket and the `ws` package both offer, so either can be handed in.
 */
export interface SocketLike {
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  onerror: Handler<unknown> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/**
 * A handler checked bivariantly, as methods are: the browser's and `ws`'s
 * handlers take richer events than the client reads, which a strict
 * function type would refuse.
 */
type Handler<E> = { handle(event: E): void }['handle'];

export type SocketFactory = new (url: string) => SocketLike;

/** readyState of an open socket, the same in browsers and `ws`. */
export const OPEN = 1;

/** The browser's WebSocket, when there is one. */
export function globalSocket(): SocketFactory | undefined {
  const g = globalThis as { WebSocket?: SocketFactory };
  return g.WebSocket;
}
