import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { problems } from '../support/config';

describe('loadConfig: the replay buffer and acknowledgements', () => {
  it('reads the event count and age limits', () => {
    const config = loadConfig({ REPLAY_MAX_EVENTS: '500', REPLAY_MAX_AGE_MS: '30000' });

    expect(config).toMatchObject({ replayMaxEvents: 500, replayMaxAgeMs: 30_000 });
  });

  it.each(['0', '1000001', '2.5', 'lots'])('refuses an event count of %s', (value) => {
    expect(problems({ REPLAY_MAX_EVENTS: value })).toEqual([
      'REPLAY_MAX_EVENTS: must be a whole number of events from 1 to 1000000',
    ]);
  });

  it.each(['999', '86400001', 'soon'])('refuses an age of %s', (value) => {
    expect(problems({ REPLAY_MAX_AGE_MS: value })).toEqual([
      'REPLAY_MAX_AGE_MS: must be a whole number of milliseconds from 1000 to 86400000',
    ]);
  });

  it('reads the pauses before re-delivering an unconfirmed critical event', () => {
    expect(loadConfig({ ACK_RETRY_DELAYS_MS: '100, 250' }).ackRetryDelaysMs).toEqual([
      100, 250,
    ]);
  });

  it('refuses pauses that are not a list of whole milliseconds', () => {
    expect(problems({ ACK_RETRY_DELAYS_MS: 'soon' })).toEqual([
      'ACK_RETRY_DELAYS_MS: must be 1 to 10 comma-separated whole numbers of ms, each ≤ 86400000',
    ]);
  });
});
