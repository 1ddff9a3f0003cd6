import { describe, expect, it } from 'vitest';
import { clusterKeys, fleetOfLiveKey } from '../../../server/cluster/keys';

describe('clusterKeys', () => {
  it('puts every key of a fleet under the prefix and one hash tag', () => {
    const k = clusterKeys('fl:');

    expect([k.seq('f1'), k.live('f1'), k.events('f1'), k.positions('f1')]).toEqual([
      'fl:{fleet:f1}:seq',
      'fl:{fleet:f1}:live',
      'fl:{fleet:f1}:events',
      'fl:{fleet:f1}:positions',
    ]);
  });

  it('reads the fleet back from a live key, and nothing from another key', () => {
    const k = clusterKeys('fl:');

    expect(fleetOfLiveKey('fl:', k.live('a:b'))).toBe('a:b');
    expect(fleetOfLiveKey('fl:', k.wake('node-1'))).toBeUndefined();
    expect(fleetOfLiveKey('other:', k.live('a'))).toBeUndefined();
  });
});
