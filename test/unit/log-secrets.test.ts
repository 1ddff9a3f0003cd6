import { describe, expect, it } from 'vitest';
import {
  createLogger,
  endLogContext,
  withFields,
  withLogContext,
} from '../../server/log';

/** A debug logger writing into an array; `text` is everything it wrote. */
function capture() {
  const lines: string[] = [];
  const log = createLogger('debug', (line) => lines.push(line));
  return { log, lines, text: () => lines.join('\n') };
}

const KEY = 'flk_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWpr';
const WALL = 'flw_c2VjcmV0LXdhbGwtdG9rZW4tMDEyMzQ1Njc4OWFiY2Q';
const DEMO_KEY = 'my-own-demo-key-0123456789';

describe('secrets in log lines', () => {
  it('hides the value of every field named like a credential', () => {
    const { log, text } = capture();

    log.info('auth', {
      apiKey: DEMO_KEY,
      api_key: DEMO_KEY,
      token: 'tok-1',
      password: 'pw',
    });

    expect(text()).not.toMatch(/my-own-demo-key|tok-1|"pw"/);
    expect(text()).toContain('"apiKey":"[redacted]"');
  });

  it('keeps keyId, which names a key without being one', () => {
    const { log, text } = capture();

    log.info('connected', { keyId: 'key-42' });

    expect(text()).toContain('"keyId":"key-42"');
  });

  it('hides the passwords of DATABASE_URL, REDIS_URL and SMTP_URL, keeping the host', () => {
    const { log, text } = capture();

    log.error('could not connect', {
      url: 'postgres://fleet:s3cr3t-pg@db.internal:5432/fleet',
      redis: 'redis://:s3cr3t-redis@cache:6379/0',
      error: new Error('connect to smtps://mailer:s3cr3t-smtp@mail:465 failed'),
    });

    expect(text()).not.toContain('s3cr3t');
    expect(text()).toContain('postgres://fleet:[redacted]@db.internal:5432/fleet');
    expect(text()).toContain('redis://:[redacted]@cache:6379/0');
  });

  it('hides keys in query strings, bearer headers and free text', () => {
    const { log, text } = capture();

    log.warn(`refused Bearer ${KEY}`, {
      path: `/v1/streaming/poll?fleet_id=a&api_key=${DEMO_KEY}`,
      detail: `wall ${WALL} revoked`,
    });

    expect(text()).not.toContain(KEY);
    expect(text()).not.toContain(WALL);
    expect(text()).not.toContain(DEMO_KEY);
    expect(text()).toContain('fleet_id=a&api_key=[redacted]');
  });

  it('hides secrets inside an error message and its stack', () => {
    const { log, text } = capture();

    log.error('request failed', { error: new Error(`bad key ${KEY}`) });

    expect(text()).not.toContain(KEY);
  });
});

describe('request and connection ids on log lines', () => {
  it('adds the context of the request to every line logged within it', async () => {
    const { log, lines } = capture();

    await withLogContext({ requestId: 'req-1' }, async () => {
      log.info('first');
      await Promise.resolve();
      log.child('db').debug('second');
    });
    log.info('after');

    const ids = lines.map((l) => (JSON.parse(l) as { requestId?: string }).requestId);
    expect(ids).toEqual(['req-1', 'req-1', undefined]);
  });

  it('adds nothing once the request is over, not even from its timers', async () => {
    const { log, lines } = capture();
    const context = { requestId: 'req-2' };
    let later: () => void = () => {};
    const fired = new Promise<void>((r) => (later = r));

    withLogContext(context, () => {
      setTimeout(() => {
        log.info('late');
        later();
      }, 1);
    });
    endLogContext(context);
    await fired;

    expect(JSON.parse(lines[0] ?? '')).not.toHaveProperty('requestId');
  });

  it('binds a connection id to a logger and its children', () => {
    const { log, lines } = capture();

    withFields(log, { conn: 'c-7' }).child('protocol').info('closed', { code: 1000 });

    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      name: 'fleetlight:protocol',
      conn: 'c-7',
      code: 1000,
    });
  });
});
