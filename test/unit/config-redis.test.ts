import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { problems } from '../support/config';

describe('loadConfig: scale-out through Redis', () => {
  it('runs a single node when REDIS_URL is unset', () => {
    const config = loadConfig({});

    expect(config.redisUrl).toBeUndefined();
    expect(config.redisKeyPrefix).toBe('fleetlight:');
  });

  it.each(['redis://:secret@127.0.0.1:6379/0', 'rediss://cache.example:6380'])(
    'reads %s',
    (url) => {
      expect(loadConfig({ REDIS_URL: url }).redisUrl).toBe(url);
    },
  );

  it.each(['http://127.0.0.1:6379', '127.0.0.1:6379', 'redis//x'])(
    'refuses %s without repeating it',
    (url) => {
      expect(problems({ REDIS_URL: url })).toEqual([
        'REDIS_URL: must be a redis:// or rediss:// URL, as redis://:password@host:6379/0',
      ]);
    },
  );

  it('reads a key prefix', () => {
    expect(loadConfig({ REDIS_KEY_PREFIX: 'fl-staging:' }).redisKeyPrefix).toBe(
      'fl-staging:',
    );
  });

  it.each(['with space', 'x'.repeat(65)])('refuses the key prefix "%s"', (prefix) => {
    expect(problems({ REDIS_KEY_PREFIX: prefix })).toEqual([
      'REDIS_KEY_PREFIX: must be 1 to 64 printable characters without spaces',
    ]);
  });
});
