import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStopInfo, readStopTimes } from '../../../../server/engine/report/eta-inputs';
import { buildPlannedTrips } from '../../../../server/engine/transit/planned-trips';
import {
  lazyTripLookup,
  makeTripLookup,
} from '../../../../server/engine/transit/trip-lookup';

const DATA = path.resolve(import.meta.dirname, '../../../../data/capmetro-austin-avl');

describe('lazyTripLookup', () => {
  it('finds the same run as the eager lookup, building only what is asked', async () => {
    const times = await readStopTimes(
      path.join(DATA, 'schedule_20160821_20170121.csv.gz'),
    );
    const stops = await readStopInfo(path.join(DATA, 'stops_20160821_20170121.csv'));
    const ids = [...times.keys()].slice(0, 40);
    const some = new Map(ids.map((id) => [id, times.get(id) ?? []]));
    const dates = ['2016-12-15', '2016-12-16'];
    const eager = makeTripLookup(buildPlannedTrips(some, stops, dates));
    const lazy = lazyTripLookup(times, stops, dates);

    const noon = Date.parse('2016-12-16T18:00:00Z');
    for (const id of ids) {
      for (const t of [noon - 20 * 3600_000, noon, noon + 8 * 3600_000]) {
        expect(lazy(id, t)).toEqual(eager(id, t));
      }
    }
    expect(lazy('no-such-trip', noon)).toBeUndefined();
  });
});
