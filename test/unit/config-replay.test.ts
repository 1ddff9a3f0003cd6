import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig: the replay buffer', () => {
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
});
