import {
  buildPlannedTrip,
  type StopInfo,
} from '../../../../server/engine/transit/planned-trips';
import type { PlannedTrip, TransitFix } from '../../../../server/engine/transit/types';

/**
 * Synthetic trips along the meridian 97.75° W, where a kilometre is the
 * same number of degrees of latitude everywhere, so distances along the
 * path come out exact.
 */
export const LON = -97.75;
const LAT0 = 30.2;
const KM_PER_DEG = (6_371_008.8 * Math.PI) / 180 / 1000;

export function latAt(km: number): number {
  return LAT0 + km / KM_PER_DEG;
}

/** Service date of every fixture trip: a Friday in CST (UTC−6). */
export const DATE = '2016-12-16';

/** 2016-12-16 at hh:mm:ss Chicago time, epoch ms. */
export function at(hms: string): number {
  return Date.parse(`${DATE}T${hms.padStart(8, '0')}-06:00`);
}

/**
 * A trip through stops at the given km north of LAT0, one per planned
 * time (H:MM:SS). Stop ids are s0, s1, …; a km may repeat, as on an
 * out-and-back route.
 */
export function straightTrip(
  tripId: string,
  stops: readonly { km: number; time: string }[],
): PlannedTrip {
  const info = new Map<string, StopInfo>();
  const times = stops.map((s, i) => {
    info.set(`s${i}`, { name: `Stop ${i}`, lat: latAt(s.km), lon: LON });
    return { arrival: seconds(s.time), stopId: `s${i}` };
  });
  const trip = buildPlannedTrip(tripId, DATE, times, info);
  if (!trip) throw new Error('fixture trip needs two stops');
  return trip;
}

/** A fix of the fixture vehicle at km north of LAT0. */
export function fixAt(hms: string, km: number, tripId = 'T1'): TransitFix {
  return { t: at(hms), lat: latAt(km), lon: LON, tripId };
}

function seconds(hms: string): number {
  const [h = 0, m = 0, s = 0] = hms.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}
