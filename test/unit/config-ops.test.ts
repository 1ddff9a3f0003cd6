import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

/** The problems loadConfig lists for `env`, one per bad value. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig: operations', () => {
  it('serves the dashboard and drains for 5 s by default', () => {
    expect(loadConfig({})).toMatchObject({ web: true, shutdownDrainMs: 5000 });
  });

  it('reads WEB=off and a drain of its own', () => {
    const config = loadConfig({ WEB: 'off', SHUTDOWN_DRAIN_MS: '0' });

    expect(config).toMatchObject({ web: false, shutdownDrainMs: 0 });
  });

  it('refuses a WEB other than on or off', () => {
    expect(problems({ WEB: 'no' })).toEqual(['WEB: must be on or off']);
  });

  it.each(['-1', '120001', '1.5', 'soon'])('refuses the drain %s', (value) => {
    expect(problems({ SHUTDOWN_DRAIN_MS: value })).toEqual([
      'SHUTDOWN_DRAIN_MS: must be a whole number of milliseconds from 0 to 120000',
    ]);
  });

  it('lists every bad value at once, pairs included', () => {
    const listed = problems({
      PORT: '99999',
      WEB: 'maybe',
      LOG_LEVEL: 'loud',
      SHUTDOWN_DRAIN_MS: 'forever',
      SMTP_URL: 'smtp://127.0.0.1:2525',
    });

    expect(listed).toEqual([
      'PORT: must be a whole number from 0 to 65535',
      'LOG_LEVEL: must be one of debug, info, warn, error, silent',
      'WEB: must be on or off',
      'SHUTDOWN_DRAIN_MS: must be a whole number of milliseconds from 0 to 120000',
      'SMTP_FROM: must be set when SMTP_URL is',
    ]);
  });
});
