import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ROOT_DIR, TIMER_MAX_MS, loadConfig } from '../../server/config';

/** The ConfigError loadConfig throws for `env`. */
function problemsWith(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  it('uses the defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.resolve('.data'),
      databaseUrl: undefined,
      databasePoolSize: 10,
      projectDataDir: path.join(ROOT_DIR, 'data'),
      demo: true,
      demoApiKey: undefined,
      replaySpeed: 10,
      locationIntervalMs: 1000,
      mapStyleUrl: undefined,
      mapPmtiles: undefined,
      mapPmtilesAttribution: undefined,
      metricsIntervalMs: 60_000,
      telemetryIntervalMs: 10_000,
      authTimeoutMs: 10_000,
      wsMaxPayloadBytes: 65_536,
      wsCompression: false,
      wsCompressionThreshold: 1024,
      streamBatchMs: 100,
      streamMaxBufferedBytes: 1_048_576,
      logLevel: 'info',
      publicUrl: undefined,
      notifyTimeoutMs: 5000,
      notifyRetryDelaysMs: [10_000, 30_000, 120_000, 600_000, 1_800_000],
      smtpUrl: undefined,
      smtpFrom: undefined,
      osmandPort: undefined,
      ingestMaxBatch: 500,
      ingestFutureToleranceMs: 300_000,
      ingestMaxSpeedKmh: 300,
      ingestReanchorFixes: 3,
      fleetMaxVehicles: 5000,
      importMaxBytes: 16 * 1024 * 1024,
      gtfsRtAllowPrivate: false,
      replayMaxEvents: 10_000,
      replayMaxAgeMs: 600_000,
      ackRetryDelaysMs: [2000, 5000, 15_000, 30_000, 60_000],
      upstream: undefined,
      allowedOrigins: [],
      web: true,
      shutdownDrainMs: 5000,
      redisUrl: undefined,
      redisKeyPrefix: 'fleetlight:',
      rateLimit: { perSecond: 20, burst: 40, cutAfter: 100 },
      maxConnectionsPerKey: 50,
      keyHashSecret: undefined,
      keyRotateGraceS: 300,
      keyRecheckMs: 5000,
      dev: false,
    });
  });

  it('reads numbers, switches and paths from their variables', () => {
    const config = loadConfig(
      { PORT: '8080', REPLAY_SPEED: '2.5', DEMO: 'off', MAP_PMTILES: 'tiles/x.pmtiles' },
      { dev: true },
    );

    expect(config).toMatchObject({
      port: 8080,
      replaySpeed: 2.5,
      demo: false,
      mapPmtiles: path.resolve('tiles/x.pmtiles'),
      dev: true,
    });
  });

  it('accepts port 0, which asks the system for a free port', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });

  it('treats an empty string as unset', () => {
    const config = loadConfig({ PORT: '', REPLAY_SPEED: '', HOST: '', LOG_LEVEL: '' });

    expect(config).toMatchObject({
      port: 3000,
      replaySpeed: 10,
      host: '0.0.0.0',
      logLevel: 'info',
    });
  });

  it('treats a whitespace-only value as unset rather than as 0', () => {
    const config = loadConfig({ PORT: ' ', LOCATION_INTERVAL_MS: '\t' });

    expect(config).toMatchObject({ port: 3000, locationIntervalMs: 1000 });
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root' }).port).toBe(3000);
  });

  it.each([
    ['abc', 'PORT: must be a whole number from 0 to 65535'],
    ['70000', 'PORT: must be a whole number from 0 to 65535'],
    ['-1', 'PORT: must be a whole number from 0 to 65535'],
    ['3000.5', 'PORT: must be a whole number from 0 to 65535'],
  ])('rejects PORT=%s naming the variable', (value, problem) => {
    expect(problemsWith({ PORT: value }).problems).toEqual([problem]);
  });

  it.each([
    ['0', 'REPLAY_SPEED: must be a number above 0, at most 1000'],
    ['fast', 'REPLAY_SPEED: must be a number above 0, at most 1000'],
    ['1001', 'REPLAY_SPEED: must be a number above 0, at most 1000'],
  ])('rejects REPLAY_SPEED=%s naming the variable', (value, problem) => {
    expect(problemsWith({ REPLAY_SPEED: value }).problems).toEqual([problem]);
  });

  it('reports every bad variable in one error', () => {
    const error = problemsWith({ PORT: 'x', REPLAY_SPEED: '-1' });

    expect(error.message).toBe(
      'Invalid configuration:\n' +
        '  - PORT: must be a whole number from 0 to 65535\n' +
        '  - REPLAY_SPEED: must be a number above 0, at most 1000',
    );
  });

  it('names its error ConfigError', () => {
    expect(problemsWith({ PORT: 'x' }).name).toBe('ConfigError');
  });

  it('rejects a DEMO value other than on or off', () => {
    expect(problemsWith({ DEMO: 'yes' }).problems).toEqual(['DEMO: must be on or off']);
  });

  it('rejects a demo API key shorter than 16 characters', () => {
    expect(problemsWith({ DEMO_API_KEY: 'short' }).problems).toEqual([
      'DEMO_API_KEY: must be at least 16 characters',
    ]);
  });

  it.each([
    ['AUTH_TIMEOUT_MS', 1000, 300_000],
    ['LOCATION_INTERVAL_MS', 0, 60_000],
    ['METRICS_INTERVAL_MS', 1000, 3_600_000],
    ['TELEMETRY_INTERVAL_MS', 0, 600_000],
  ])('bounds %s to a range a timer keeps', (name, min, max) => {
    const problem = `${name}: must be a whole number of milliseconds from ${min} to ${max}`;

    expect(max).toBeLessThanOrEqual(TIMER_MAX_MS);
    for (const value of ['3000000000', String(max + 1), String(min - 1), '1.5', 'soon']) {
      expect(problemsWith({ [name]: value }).problems).toEqual([problem]);
    }
  });

  it('accepts each duration at both ends of its range', () => {
    const config = loadConfig({
      AUTH_TIMEOUT_MS: '1000',
      METRICS_INTERVAL_MS: '3600000',
    });

    expect(config).toMatchObject({ authTimeoutMs: 1000, metricsIntervalMs: 3_600_000 });
  });

  it.each(['PUBLIC_URL', 'MAP_STYLE_URL'])('requires %s to be an http(s) URL', (name) => {
    for (const value of [
      'localhost:3000',
      'ftp://example.com/x',
      'javascript:alert(1)',
    ]) {
      expect(problemsWith({ [name]: value }).problems).toEqual([
        `${name}: must be an http:// or https:// URL`,
      ]);
    }
  });

  it('accepts http and https URLs for PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000' }).publicUrl).toBe(
      'http://localhost:3000',
    );
    expect(loadConfig({ PUBLIC_URL: 'https://fleet.example.com/' }).publicUrl).toBe(
      'https://fleet.example.com/',
    );
  });
});
