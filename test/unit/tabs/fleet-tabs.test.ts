import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../lib/store/apply-stream';
import type { ConnectionStatus } from '../../../lib/store/fleet-store';
import type { CachedFleet } from '../../../lib/store/offline-cache';
import { FleetTabs } from '../../../lib/tabs/fleet-tabs';
import { FakeBus, FakeLocks, settle } from './fakes';

interface Tab {
  tabs: FleetTabs;
  applied: StreamEvent[];
  statuses: ConnectionStatus[];
  restored: CachedFleet[];
  /** The socket's reporting functions while this tab holds it. */
  socket?: {
    forward: (e: StreamEvent) => void;
    status: (s: ConnectionStatus) => void;
  };
}

const SAVED: CachedFleet = {
  savedAt: 1,
  fleet: null,
  labels: { v1: 'Bus 1' },
  vehicles: [],
  alerts: [],
};

const rules = (n: number): StreamEvent => ({
  name: 'alert-rules',
  data: { fleet_id: `fleet-${n}`, rules: [] },
});

function world() {
  const locks = new FakeLocks();
  const bus = new FakeBus();
  let open = 0;
  let opened = 0;
  const tab = (): Tab => {
    const t = { applied: [], statuses: [], restored: [] } as unknown as Tab;
    t.tabs = new FleetTabs('fleet', locks, bus.open(), {
      startLeading: (forward, status) => {
        open++;
        opened++;
        t.socket = { forward, status };
        return () => {
          open--;
          delete t.socket;
        };
      },
      apply: (e) => t.applied.push(e),
      connection: (s) => t.statuses.push(s),
      state: () => SAVED,
      restore: (s) => t.restored.push(s),
    });
    t.tabs.start();
    return t;
  };
  return { tab, bus, sockets: () => ({ open, opened }) };
}

describe('FleetTabs', () => {
  it('opens one socket for two tabs', async () => {
    const w = world();
    const a = w.tab();
    const b = w.tab();
    await settle();

    expect(w.sockets()).toEqual({ open: 1, opened: 1 });
    expect([a.tabs.role, b.tabs.role]).toEqual(['leader', 'follower']);
  });

  it('applies what the leader hears in every tab, in order', async () => {
    const w = world();
    const a = w.tab();
    const b = w.tab();
    await settle();

    a.socket?.status('live');
    a.socket?.forward(rules(1));
    a.socket?.forward(rules(2));
    await settle();

    expect(a.applied).toEqual([rules(1), rules(2)]);
    expect(b.applied).toEqual([rules(1), rules(2)]);
    expect(b.statuses).toEqual(['live']);
  });

  it('gives a tab that starts following the leader’s state and connection', async () => {
    const w = world();
    const a = w.tab();
    await settle();
    a.socket?.status('live');

    const b = w.tab();
    await settle();

    expect(b.restored).toEqual([SAVED]);
    expect(b.statuses).toEqual(['live']);
  });

  it('lets a follower take over when the leader tab closes', async () => {
    const w = world();
    const a = w.tab();
    const b = w.tab();
    await settle();

    a.tabs.stop();
    await settle();

    expect(b.tabs.role).toBe('leader');
    expect(w.sockets()).toEqual({ open: 1, opened: 2 });
  });
});
