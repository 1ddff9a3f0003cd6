/**
 * The part of a WebSocket the client uses: what the browser's global
 * WebSocket and the `ws` package both offer, so either can be handed in.
 */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = new (url: string) => SocketLike;

/** readyState of an open socket, the same in browsers and `ws`. */
export const OPEN = 1;

/** The browser's WebSocket, when there is one. */
export function globalSocket(): SocketFactory | undefined {
  const g = globalThis as { WebSocket?: SocketFactory };
  return g.WebSocket;
}
