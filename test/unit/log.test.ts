import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from '../../server/log';

/** A logger writing into an array, with each line parsed back. */
function capture(level: Parameters<typeof createLogger>[0]) {
  const lines: string[] = [];
  const log = createLogger(level, (line) => lines.push(line));
  const entries = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, entries };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, name and message', () => {
    const { log, lines } = capture('info');

    log.info('listening');

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'info',
      name: 'fleetlight',
      msg: 'listening',
    });
  });

  it('writes no line breaks inside an entry', () => {
    const { log, lines } = capture('info');

    log.info('two\nlines', { detail: 'a\nb' });

    expect(lines[0]).not.toContain('\n');
  });

  it('adds the fields to the entry', () => {
    const { log, entries } = capture('info');

    log.warn('slow client', { fleetId: 'fleet-1', queued: 12 });

    expect(entries()[0]).toMatchObject({ level: 'warn', fleetId: 'fleet-1', queued: 12 });
  });

  it('drops entries below its level', () => {
    const { log, entries } = capture('warn');

    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');

    expect(entries().map((e) => e.level)).toEqual(['warn', 'error']);
  });

  it('writes every level at debug', () => {
    const { log, entries } = capture('debug');

    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');

    expect(entries().map((e) => e.level)).toEqual(['debug', 'info', 'warn', 'error']);
  });

  it('writes nothing when silent', () => {
    const { log, lines } = capture('silent');

    log.error('e');

    expect(lines).toEqual([]);
  });

  it('names a child after its parent', () => {
    const { log, entries } = capture('info');

    log.child('protocol').child('session').info('opened');

    expect(entries()[0]?.name).toBe('fleetlight:protocol:session');
  });

  it('gives a child its parent level and sink', () => {
    const { log, entries } = capture('warn');
    const child = log.child('ingest');

    child.info('i');
    child.warn('w');

    expect(entries()).toMatchObject([{ name: 'fleetlight:ingest', msg: 'w' }]);
  });

  it('serialises an error with its name, message and stack', () => {
    const { log, entries } = capture('info');
    const error = new RangeError('speed must be a positive number');

    log.error('replay failed', { error });

    expect(entries()[0]?.error).toEqual({
      name: 'RangeError',
      message: 'speed must be a positive number',
      stack: error.stack,
    });
  });

  it('serialises an error nested inside a field', () => {
    const { log, entries } = capture('info');

    log.error('batch failed', { detail: { error: new Error('disk full') } });

    expect(entries()[0]?.detail).toMatchObject({
      error: { name: 'Error', message: 'disk full' },
    });
  });
});

describe('redactUrl', () => {
  it.each([
    ['the only parameter', '/v1/x?api_key=s3cret', '/v1/x?api_key=[redacted]'],
    [
      'the first parameter',
      '/v1/x?api_key=s3cret&fleet_id=f1',
      '/v1/x?api_key=[redacted]&fleet_id=f1',
    ],
    [
      'a middle parameter',
      '/v1/x?a=1&api_key=s3cret&b=2',
      '/v1/x?a=1&api_key=[redacted]&b=2',
    ],
    [
      'the last parameter',
      '/v1/x?fleet_id=f1&api_key=s3cret',
      '/v1/x?fleet_id=f1&api_key=[redacted]',
    ],
    [
      'a parameter before a fragment',
      '/v1/x?api_key=s3cret#top',
      '/v1/x?api_key=[redacted]#top',
    ],
    ['an empty value', '/v1/x?api_key=&a=1', '/v1/x?api_key=[redacted]&a=1'],
  ])('hides an api_key value as %s', (_name, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('hides every api_key value when the parameter repeats', () => {
    expect(redactUrl('/x?api_key=one&api_key=two')).toBe(
      '/x?api_key=[redacted]&api_key=[redacted]',
    );
  });

  it.each(['API_KEY', 'apiKey', 'key', 'token', 'Token'])(
    'hides a value named %s',
    (name) => {
      expect(redactUrl(`/x?${name}=s3cret`)).toBe(`/x?${name}=[redacted]`);
    },
  );

  it('leaves parameters whose names merely end in key alone', () => {
    expect(redactUrl('/x?monkey=banana&sort_key=name')).toBe(
      '/x?monkey=banana&sort_key=name',
    );
  });

  it('leaves a URL without credentials unchanged', () => {
    expect(redactUrl('/v1/streaming/websocket/fleet/f1')).toBe(
      '/v1/streaming/websocket/fleet/f1',
    );
  });

  it('returns an empty string for a missing URL', () => {
    expect(redactUrl(undefined)).toBe('');
  });
});

describe('redactUrl with encoded names', () => {
  it('hides a credential whose parameter name is percent-encoded', () => {
    expect(redactUrl('/v1/streaming/websocket?api%5Fkey=secret&fleet_id=f')).toBe(
      '/v1/streaming/websocket?api%5Fkey=[redacted]&fleet_id=f',
    );
  });
});
