import { describe, expect, it } from 'vitest';
import { nextView, wallOptions } from '../../../components/wall/wall-options';

describe('wallOptions', () => {
  it('rotates every 20 s through every view and goes stale after 60 s by default', () => {
    expect(wallOptions({})).toEqual({
      rotateMs: 20_000,
      staleMs: 60_000,
      views: ['map', 'kpi', 'alerts'],
    });
  });

  it('reads the rotation and staleness in seconds from the query', () => {
    const options = wallOptions({ rotate: '45', stale: '120' });

    expect(options.rotateMs).toBe(45_000);
    expect(options.staleMs).toBe(120_000);
  });

  it('clamps values out of range and ignores ones that are not numbers', () => {
    expect(wallOptions({ rotate: '1', stale: '99999' })).toMatchObject({
      rotateMs: 5_000,
      staleMs: 3_600_000,
    });
    expect(wallOptions({ rotate: 'fast', stale: '' })).toMatchObject({
      rotateMs: 20_000,
      staleMs: 60_000,
    });
  });

  it('takes the first of a repeated parameter', () => {
    expect(wallOptions({ rotate: ['30', '40'] }).rotateMs).toBe(30_000);
  });

  it('keeps only known views, in the wall order, and all when none is known', () => {
    expect(wallOptions({ views: 'alerts,map,radar' }).views).toEqual(['map', 'alerts']);
    expect(wallOptions({ views: 'radar' }).views).toEqual(['map', 'kpi', 'alerts']);
  });
});

describe('nextView', () => {
  it('moves to the following view and wraps round after the last', () => {
    expect(nextView(['map', 'kpi', 'alerts'], 'map')).toBe('kpi');
    expect(nextView(['map', 'kpi', 'alerts'], 'alerts')).toBe('map');
  });

  it('starts over when the current view is not in the list', () => {
    expect(nextView(['kpi', 'alerts'], 'map')).toBe('kpi');
  });
});
