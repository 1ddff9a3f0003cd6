import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRule, type Delivery } from '../../lib/protocol';
import {
  createNotifier,
  type NotifierConfig,
  type NotifyService,
} from '../../server/alerts/notifier';
import { createTarget } from '../../server/db/notify-targets';
import { nextAttempt, nextAttempts } from '../support/attempts';
import { FakeClock } from '../support/fake-clock';
import {
  alertRecord,
  BERLIN,
  capturingLogger,
  noticeOf,
  openTestDb,
  type TestDb,
} from '../support/notices';
import {
  startReceiver,
  verifySignature,
  type Answer,
  type Receiver,
} from '../support/webhook-receiver';

const T0 = Date.parse('2026-03-10T10:00:00.000Z');
const CONFIG: NotifierConfig = {
  notifyTimeoutMs: 2000,
  notifyRetryDelaysMs: [10_000, 30_000, 120_000],
  smtpUrl: undefined,
  smtpFrom: undefined,
  publicUrl: undefined,
};

let t: TestDb;
let clock: FakeClock;
let receiver: Receiver | undefined;
let notifier: NotifyService | undefined;

beforeEach(async () => {
  t = await openTestDb();
  clock = new FakeClock(T0);
});

afterEach(async () => {
  await notifier?.close();
  await receiver?.close();
  notifier = undefined;
  receiver = undefined;
  await t.close();
});

/** A receiver answering as `answer` says, a webhook target for it, a notifier. */
async function setUp(
  answer: (n: number) => Answer | 'hang',
  config: Partial<NotifierConfig> = {},
): Promise<{ secret: string; receiver: Receiver; notifier: NotifyService }> {
  receiver = await startReceiver(answer);
  const created = await createTarget(
    t.db,
    BERLIN,
    { kind: 'webhook', address: receiver.url },
    'key-admin',
    new Date(T0),
  );
  if (!created.ok || created.secret === undefined) throw new Error('no target');
  notifier = createNotifier(t.db, { ...CONFIG, ...config }, capturingLogger().log, clock);
  return { secret: created.secret, receiver, notifier };
}

function raise(n: NotifyService): Promise<void> {
  return n.notify(noticeOf('raised'));
}

/** Moves the clock to the worker's timer and answers the attempt it makes. */
async function retry(n: NotifyService): Promise<Delivery> {
  await n.idle();
  return nextAttempt(n, () => clock.advanceToNextTimer());
}

function waitOf(d: Delivery): number {
  return Date.parse(d.next_attempt_at ?? '') - clock.now();
}

describe('webhook deliveries', () => {
  it('POSTs the signed notice, which the receiver can verify', async () => {
    const { secret, receiver, notifier } = await setUp(() => ({ status: 204 }));

    const delivery = await nextAttempt(notifier, () => raise(notifier));

    const got = await receiver.request(1);
    expect(verifySignature(got, secret, T0 / 1000)).toBe(T0 / 1000);
    expect(got.headers['x-fleetlight-delivery']).toBe(delivery.delivery_id);
    expect(got.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got.body)).toEqual({
      event: 'alert.raised',
      alert: alertRecord(),
      rule: defaultRule(BERLIN, 'harsh_braking'),
      tier: 0,
      sent_at: '2026-03-10T10:00:00.000Z',
    });
    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 1,
      last_status: 204,
      delivered_at: '2026-03-10T10:00:00.000Z',
    });
  });

  it('produces a signature that fails for a changed body or a wrong secret', async () => {
    const { secret, receiver, notifier } = await setUp(() => ({ status: 200 }));
    await nextAttempt(notifier, () => raise(notifier));
    const got = await receiver.request(1);

    const changed = { ...got, body: got.body.replace('"high"', '"low"') };
    expect(() => verifySignature(changed, secret, T0 / 1000)).toThrow(/does not match/);
    expect(() => verifySignature(got, 'f'.repeat(64), T0 / 1000)).toThrow(
      /does not match/,
    );
    expect(() => verifySignature(got, secret, T0 / 1000 + 301)).toThrow(/window/);
  });

  it('delivers on the third attempt after two 503s, in one log row', async () => {
    const { secret, receiver, notifier } = await setUp((n) => ({
      status: n <= 2 ? 503 : 200,
    }));

    const first = await nextAttempt(notifier, () => raise(notifier));
    expect(first).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_status: 503,
      last_error: 'HTTP 503',
    });
    // 10 s with ±20 % jitter.
    expect(waitOf(first)).toBeGreaterThanOrEqual(8000);
    expect(waitOf(first)).toBeLessThanOrEqual(12_000);

    const second = await retry(notifier);
    expect(second).toMatchObject({ status: 'pending', attempts: 2, last_status: 503 });
    expect(waitOf(second)).toBeGreaterThanOrEqual(24_000);
    expect(waitOf(second)).toBeLessThanOrEqual(36_000);

    const third = await retry(notifier);
    expect(third).toMatchObject({ status: 'delivered', attempts: 3, last_status: 200 });
    expect(third.next_attempt_at).toBeUndefined();

    const rows = await t.db.selectFrom('notify_deliveries').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(receiver.received).toHaveLength(3);
    for (const got of receiver.received) {
      expect(got.headers['x-fleetlight-delivery']).toBe(first.delivery_id);
      const sentAt = Date.parse((JSON.parse(got.body) as { sent_at: string }).sent_at);
      expect(verifySignature(got, secret, sentAt / 1000)).toBe(Math.floor(sentAt / 1000));
    }
  });

  it('does not retry a 400', async () => {
    const { receiver, notifier } = await setUp(() => ({ status: 400 }));

    const only = await nextAttempt(notifier, () => raise(notifier));
    await notifier.idle();
    clock.advance(3_600_000);
    await notifier.idle();

    expect(only).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_status: 400,
      last_error: 'HTTP 400',
    });
    expect(clock.nextTimer()).toBeUndefined();
    expect(receiver.received).toHaveLength(1);
  });

  it('waits exactly as long as Retry-After says', async () => {
    const { receiver, notifier } = await setUp((n) =>
      n === 1 ? { status: 429, headers: { 'Retry-After': '120' } } : { status: 200 },
    );

    const first = await nextAttempt(notifier, () => raise(notifier));
    await notifier.idle();
    expect(first).toMatchObject({ status: 'pending', last_status: 429 });
    expect(first.next_attempt_at).toBe('2026-03-10T10:02:00.000Z');

    clock.advance(119_999);
    await notifier.idle();
    expect(receiver.received).toHaveLength(1);

    const second = await nextAttempt(notifier, () => clock.advance(1));
    expect(second).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(receiver.received).toHaveLength(2);
  });

  it('gives up after the last retry', async () => {
    const { receiver, notifier } = await setUp(() => ({ status: 502 }), {
      notifyRetryDelaysMs: [1000, 2000],
    });

    await nextAttempt(notifier, () => raise(notifier));
    await retry(notifier);
    const last = await retry(notifier);
    await notifier.idle();

    expect(last).toMatchObject({ status: 'failed', attempts: 3, last_error: 'HTTP 502' });
    expect(clock.nextTimer()).toBeUndefined();
    expect(receiver.received).toHaveLength(3);
  });

  it('retries a receiver that does not answer in time', async () => {
    const { notifier } = await setUp(() => 'hang', { notifyTimeoutMs: 200 });

    const first = await nextAttempt(notifier, () => raise(notifier));

    expect(first).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'no answer within 200 ms',
    });
  });

  it('retries when nothing listens at the address', async () => {
    const { receiver, notifier } = await setUp(() => ({ status: 200 }));
    await receiver.close();

    const first = await nextAttempt(notifier, () => raise(notifier));

    expect(first).toMatchObject({ status: 'pending', attempts: 1 });
    expect(first.last_error).toMatch(/ECONNREFUSED/);
  });

  it('sends each of many notices once, however often the worker is woken', async () => {
    const { receiver, notifier } = await setUp(() => ({ status: 200 }));
    const all = nextAttempts(notifier, 12);

    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        notifier.notify(noticeOf('raised', alertRecord({ alert_id: `alert_${i}` }))),
      ),
    );
    const delivered = await all;
    await notifier.idle();

    const ids = receiver.received.map((r) => r.headers['x-fleetlight-delivery']);
    expect(new Set(ids).size).toBe(12);
    expect(ids).toHaveLength(12);
    expect(delivered.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(
      true,
    );
  });
});

describe('a pending delivery across a restart', () => {
  it('is sent by the next notifier on the same database', async () => {
    const { receiver, notifier: before } = await setUp((n) => ({
      status: n === 1 ? 503 : 200,
    }));
    const first = await nextAttempt(before, () => raise(before));
    expect(first.status).toBe('pending');
    await before.close();
    notifier = undefined;
    const db = await t.reopen();

    clock.advance(60_000);
    const after = createNotifier(db, CONFIG, capturingLogger().log, clock);
    notifier = after;
    const [resumed] = await nextAttempts(after, 1);

    expect(resumed).toMatchObject({
      delivery_id: first.delivery_id,
      status: 'delivered',
      attempts: 2,
    });
    expect(receiver.received).toHaveLength(2);
  });
});

describe('notify', () => {
  it('never rejects, and logs what it could not queue', async () => {
    const { log, lines } = capturingLogger();
    await t.db.destroy();
    const gone = createNotifier(t.db, CONFIG, log, clock);

    await expect(gone.notify(noticeOf('raised'))).resolves.toBeUndefined();

    await gone.close();
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'could not queue notices' }),
    );
    await t.reopen();
  });
});
