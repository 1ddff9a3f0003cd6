import { describe, expect, it } from 'vitest';
import type { UnsentAlert } from '../../../../server/alerts/desk';
import { fix, Rig, SECOND, T0 } from './support';

const REPLAYED = { id: 'car-1', fleetId: 'ann-arbor', timeScale: 10 };

describe('Engine: alerts through a store', () => {
  it("stores a vehicle's alerts one after another, in the order found", async () => {
    const log: string[] = [];
    const raise = async (m: UnsentAlert) => {
      const what = m.payload.auto_resolved ? 'resolution' : 'alert';
      log.push(`start ${what}`);
      // The first write is the slow one: the resolution must still wait.
      await new Promise((r) => setTimeout(r, what === 'alert' ? 30 : 0));
      log.push(`end ${what}`);
    };
    const rig = new Rig([REPLAYED], undefined, raise);
    rig.feed(fix('car-1', T0));
    rig.wall = T0 + 120 * SECOND;
    rig.engine.tick();
    rig.wall = T0 + 121 * SECOND;
    rig.feed(fix('car-1', T0 + 121 * SECOND));
    rig.wall = T0 + 122 * SECOND;
    rig.feed(fix('car-1', T0 + 122 * SECOND));

    await rig.engine.settled();

    expect(log).toEqual([
      'start alert',
      'end alert',
      'start resolution',
      'end resolution',
    ]);
  });

  it('publishes nothing itself when a store is given', () => {
    const rig = new Rig([REPLAYED], undefined, () => Promise.resolve());
    rig.feed(fix('car-1', T0));
    rig.wall = T0 + 120 * SECOND;

    rig.engine.tick();

    expect(rig.on('maintenance_alerts')).toEqual([]);
  });
});
