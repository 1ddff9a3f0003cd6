import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { problems } from '../support/config';

describe('loadConfig: the bad-GPS-data policy', () => {
  it('reads the future tolerance, speed limit and re-anchor count', () => {
    const config = loadConfig({
      INGEST_FUTURE_SKEW_S: '120',
      INGEST_MAX_SPEED_KMH: '250',
      INGEST_REANCHOR_FIXES: '5',
    });

    expect(config).toMatchObject({
      ingestFutureToleranceMs: 120_000,
      ingestMaxSpeedKmh: 250,
      ingestReanchorFixes: 5,
    });
  });

  it('defaults to five minutes, 300 km/h and three fixes', () => {
    expect(loadConfig({})).toMatchObject({
      ingestFutureToleranceMs: 300_000,
      ingestMaxSpeedKmh: 300,
      ingestReanchorFixes: 3,
    });
  });

  it.each(['-1', '86401', '1.5', 'soon'])('refuses the tolerance %s', (value) => {
    expect(problems({ INGEST_FUTURE_SKEW_S: value })).toEqual([
      'INGEST_FUTURE_SKEW_S: must be a whole number of seconds from 0 to 86400',
    ]);
  });

  it.each(['49', '2001', 'fast'])('refuses the speed limit %s', (value) => {
    expect(problems({ INGEST_MAX_SPEED_KMH: value })).toEqual([
      'INGEST_MAX_SPEED_KMH: must be a whole number of km/h from 50 to 2000',
    ]);
  });

  it.each(['0', '21'])('refuses a re-anchor count of %s', (value) => {
    expect(problems({ INGEST_REANCHOR_FIXES: value })).toEqual([
      'INGEST_REANCHOR_FIXES: must be a whole number of fixes from 1 to 20',
    ]);
  });
});
