import { describe, expect, it } from 'vitest';
import { publishInterval } from '../../../lib/map/publish-interval';

describe('publishInterval', () => {
  it('re-sends a small fleet once a second', () => {
    expect(publishInterval(300)).toBe(1000);
  });

  it('re-sends an empty fleet once a second', () => {
    expect(publishInterval(0)).toBe(1000);
  });

  it('re-sends ten thousand vehicles once a second', () => {
    expect(publishInterval(10_000)).toBe(1000);
  });

  it('waits a second more for each further ten thousand begun', () => {
    expect([publishInterval(10_001), publishInterval(50_000)]).toEqual([2000, 5000]);
  });
});
