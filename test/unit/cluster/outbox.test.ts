import { describe, expect, it, vi } from 'vitest';
import { Outbox, type Outgoing } from '../../../server/cluster/outbox';
import type { Unsent } from '../../../server/stream/hub';

function item(channel: 'alerts' | 'vehicle_locations', key: string): Outgoing {
  const unsent = { type: 'x', timestamp: '', channel, payload: {} } as unknown as Unsent;
  return { fleetId: 'f1', unsent, key };
}

describe('Outbox', () => {
  it('sends in order, retrying a failed batch until it goes through', async () => {
    const sent: string[] = [];
    let failures = 2;
    const failed = vi.fn();
    const recovered = vi.fn();
    const outbox = new Outbox({
      retryMs: 1,
      send: async (batch) => {
        if (failures-- > 0) throw new Error('down');
        sent.push(...batch.map((b) => b.key));
      },
      events: { failed, recovered },
    });

    outbox.push(item('alerts', 'a1'));
    outbox.push(item('alerts', 'a2'));
    await outbox.flush(1000);

    expect([sent, failed.mock.calls.length, recovered.mock.calls]).toEqual([
      ['a1', 'a2'],
      2,
      [[0]],
    ]);
  });

  it('drops positions past its limit but keeps every alert', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((r) => (open = r));
    const sent: string[] = [];
    const dropped = vi.fn();
    const outbox = new Outbox({
      limit: 2,
      send: async (batch) => {
        await gate;
        sent.push(...batch.map((b) => b.key));
      },
      events: { dropped },
    });

    outbox.push(item('alerts', 'a1'));
    outbox.push(item('vehicle_locations', 'p1'));
    outbox.push(item('vehicle_locations', 'p2'));
    outbox.push(item('alerts', 'a2'));
    expect(outbox.depth).toBe(3);
    open();
    await outbox.flush(1000);

    expect([sent, dropped.mock.calls.length]).toEqual([['a1', 'p1', 'a2'], 1]);
  });
});
