'use client';

import { useEffect } from 'react';
import type { Vehicle } from '@/lib/fleet/vehicle';
import { applyStreamEvent } from '@/lib/store/apply-stream';
import { Coalescer, drainWhenVisible } from '@/lib/store/coalesce';
import type { RetryState } from '@/lib/store/fleet-store';
import {
  loadCached,
  saveCached,
  toCached,
  type StorageLike,
} from '@/lib/store/offline-cache';
import { FleetTabs, type TabHandlers, type TabRole } from '@/lib/tabs/fleet-tabs';
import type { LockManagerLike } from '@/lib/tabs/leader';
import { tabChannelName, type ChannelLike } from '@/lib/tabs/tab-channel';
import {
  useFleetSocketRef,
  useFleetStoreApi,
  type SocketRef,
} from './fleet-store-context';
import { openStreamSocket } from './stream-socket';

/** How often the leading tab saves the fleet for offline reloads. */
const SAVE_EVERY_MS = 10_000;

declare global {
  interface Window {
    /** This tab's part in the fleet's stream, for tests and the console. */
    fleetlightStreamRole?: TabRole;
  }
}

/**
 * Connects the fleet's store to the server: shows what was saved for
 * offline use at once, then one tab of the browser holds the Socket.IO
 * connection (resuming, de-duplicating, confirming critical alerts) and
 * the others follow it. Live positions are coalesced per vehicle before
 * the store, and React, see them. See docs/RELIABILITY.md.
 */
export function useFleetStream(apiKey: string | null | undefined): void {
  const store = useFleetStoreApi();
  const socketRef = useFleetSocketRef();

  useEffect(() => {
    if (!apiKey) return;
    const s = store.getState();
    const { fleetId } = s;
    const storage = localStore();
    const saved = storage && loadCached(storage, fleetId);
    if (saved) s.restore(saved, saved.savedAt);

    const coalescer = new Coalescer((batch: Vehicle[]) => s.applyBatch(batch), 250);
    const save = () => {
      const now = store.getState();
      if (storage && now.connection === 'live' && now.staleSince === null) {
        saveCached(storage, fleetId, toCached(now, Date.now()));
      }
    };
    const tabs = new FleetTabs(tabChannelName(fleetId), webLocks(), tabChannel(fleetId), {
      startLeading: (forward, status) =>
        leadStream({
          apiKey,
          fleetId,
          socketRef,
          forward,
          status,
          save,
          retry: (r) => s.setRetry(r),
        }),
      apply: (e) => applyStreamEvent(s, e, (v) => coalescer.push(v)),
      connection: (status, detail) => s.setConnection(status, detail),
      state: () => toCached(store.getState(), Date.now()),
      restore: (state) => s.restore(state, null),
      onRole: (role) => (window.fleetlightStreamRole = role),
    });
    window.fleetlightStreamRole = 'follower';
    tabs.start();
    // A tab hidden for long catches up in one batch, not one per fix (C30).
    const stopCatchUp = drainWhenVisible(coalescer, document);

    return () => {
      tabs.stop();
      stopCatchUp();
      coalescer.dispose();
    };
  }, [apiKey, store, socketRef]);
}

interface LeadOptions {
  apiKey: string;
  fleetId: string;
  socketRef: SocketRef;
  forward: Parameters<TabHandlers['startLeading']>[0];
  status: Parameters<TabHandlers['startLeading']>[1];
  save: () => void;
  /** Reconnection progress, for the banner's countdown; null once live. */
  retry: (retry: RetryState | null) => void;
}

/** The leading tab's socket, its network listeners and its saves. */
function leadStream(o: LeadOptions): () => void {
  const socket = openStreamSocket(o.apiKey, o.fleetId, {
    onEvent: (e) => {
      o.forward(e);
      if (e.name === 'snapshot') o.save();
    },
    onConnection: o.status,
    onRetry: o.retry,
  });
  o.socketRef.current = socket;

  const offline = () =>
    o.status(
      'offline',
      'This browser is offline; reconnecting as soon as the network is back.',
    );
  const online = () => {
    // A short outage may not have cost the socket its connection: then
    // no "connect" follows to say the page is live again.
    if (socket.connected) o.status('live');
    else socket.connect();
  };
  const saver = setInterval(o.save, SAVE_EVERY_MS);
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);
  window.addEventListener('pagehide', o.save);

  return () => {
    clearInterval(saver);
    window.removeEventListener('offline', offline);
    window.removeEventListener('online', online);
    window.removeEventListener('pagehide', o.save);
    socket.disconnect();
    if (o.socketRef.current === socket) o.socketRef.current = null;
  };
}

/** localStorage, unless the browser forbids it (some private modes). */
function localStore(): StorageLike | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

function webLocks(): LockManagerLike | undefined {
  // Absent outside secure contexts: a LAN wall display over plain http.
  return typeof navigator !== 'undefined' ? navigator.locks : undefined;
}

function tabChannel(fleetId: string): ChannelLike | undefined {
  if (typeof BroadcastChannel !== 'function') return undefined;
  return new BroadcastChannel(tabChannelName(fleetId)) as ChannelLike;
}
