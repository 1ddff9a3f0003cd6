import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { problems } from '../support/config';

const KEY = 'flk_upstream-key-0123456789';

describe('loadConfig: bridge mode', () => {
  it('is off without an upstream', () => {
    expect(loadConfig({}).upstream).toBeUndefined();
  });

  it('reads the upstream endpoint and key', () => {
    const config = loadConfig({
      BOOKOVIA_UPSTREAM_URL: 'wss://hq.example/v1/streaming/websocket',
      BOOKOVIA_UPSTREAM_KEY: KEY,
    });

    expect(config.upstream).toEqual({
      url: 'wss://hq.example/v1/streaming/websocket',
      key: KEY,
    });
  });

  it('reads a bare host as its multi-channel endpoint', () => {
    const config = loadConfig({
      BOOKOVIA_UPSTREAM_URL: 'ws://127.0.0.1:3850',
      BOOKOVIA_UPSTREAM_KEY: KEY,
    });

    expect(config.upstream?.url).toBe('ws://127.0.0.1:3850/v1/streaming/websocket');
  });

  it.each(['http://hq.example', 'hq.example:3000', 'nonsense'])(
    'refuses the upstream URL %s',
    (url) => {
      expect(
        problems({ BOOKOVIA_UPSTREAM_URL: url, BOOKOVIA_UPSTREAM_KEY: KEY }),
      ).toEqual(['BOOKOVIA_UPSTREAM_URL: must be a ws:// or wss:// URL']);
    },
  );

  it('refuses a short key', () => {
    expect(
      problems({
        BOOKOVIA_UPSTREAM_URL: 'ws://hq.example',
        BOOKOVIA_UPSTREAM_KEY: 'short',
      }),
    ).toEqual(['BOOKOVIA_UPSTREAM_KEY: must be at least 16 characters']);
  });

  it('refuses a URL without a key', () => {
    expect(problems({ BOOKOVIA_UPSTREAM_URL: 'ws://hq.example' })).toEqual([
      'BOOKOVIA_UPSTREAM_KEY: must be set when BOOKOVIA_UPSTREAM_URL is',
    ]);
  });

  it('refuses a key without a URL', () => {
    expect(problems({ BOOKOVIA_UPSTREAM_KEY: KEY })).toEqual([
      'BOOKOVIA_UPSTREAM_URL: must be set when BOOKOVIA_UPSTREAM_KEY is',
    ]);
  });
});
