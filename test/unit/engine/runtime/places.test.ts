import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Places } from '../../../../server/engine/places';
import { offset } from './support';

const DATA_DIR = fileURLToPath(new URL('../../../../data', import.meta.url));

/** A real CapMetro stop; the next stop is 129 m away. */
const TRINITY_2ND = { lat: 30.263842, lon: -97.740427 };

let places: Places;

beforeAll(async () => {
  places = await Places.load(DATA_DIR);
});

describe('Places', () => {
  it('names a point 20 m from an Austin stop after that stop', () => {
    const p = offset(TRINITY_2ND, 0, 20);

    expect(places.describe(p.lat, p.lon)).toBe('near 200 TRINITY/2ND');
  });

  it('names a point in Ann Arbor by its county and state', () => {
    expect(places.describe(42.2808, -83.743)).toBe('Washtenaw County, Michigan');
  });

  it('names a point far from any stop by its county', () => {
    expect(places.describe(30.42, -97.9)).toBe('Travis County, Texas');
  });

  it('has no name for the middle of the ocean', () => {
    expect(places.describe(30, -40)).toBeUndefined();
  });

  it('has no names at all when empty', () => {
    const p = offset(TRINITY_2ND, 0, 20);

    expect(Places.empty().describe(p.lat, p.lon)).toBeUndefined();
  });
});
