import type { ConnectionStatus } from '../store/fleet-store';
import type { CachedFleet } from '../store/offline-cache';

/**
 * What the tabs of one fleet say to each other over a BroadcastChannel.
 * The leader holds the socket and forwards every event it hears, by name;
 * a tab that starts following says `hello`, and the leader answers with
 * its state so far, the same shape the offline cache keeps.
 */
export type TabMessage =
  | { kind: 'event'; name: string; data: unknown }
  | { kind: 'connection'; status: ConnectionStatus; detail: string | null }
  | { kind: 'hello' }
  | { kind: 'state'; state: CachedFleet };

/** The part of BroadcastChannel the tabs use. */
export interface ChannelLike {
  postMessage(message: TabMessage): void;
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
  close(): void;
}

/** The channel name of a fleet's tabs; the lock of its leader shares it. */
export function tabChannelName(fleetId: string): string {
  return `fleetlight:stream:${fleetId}`;
}

/** A message from another tab, or null for anything else. */
export function asTabMessage(data: unknown): TabMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const kind = (data as { kind?: unknown }).kind;
  const known = ['event', 'connection', 'hello', 'state'];
  return typeof kind === 'string' && known.includes(kind) ? (data as TabMessage) : null;
}
