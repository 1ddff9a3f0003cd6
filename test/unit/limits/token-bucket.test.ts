import { describe, expect, it } from 'vitest';
import { ConnectionLimit, FloodGuard, TokenBucket } from '../../../server/limits';

/** A clock that moves only when told. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function takeAll(bucket: TokenBucket, n: number): number {
  let ok = 0;
  for (let i = 0; i < n; i++) if (bucket.take().ok) ok++;
  return ok;
}

describe('TokenBucket', () => {
  it('lets a full burst through at once, then refuses', () => {
    const c = clock();
    const bucket = new TokenBucket(20, 40, c.now);

    expect(takeAll(bucket, 40)).toBe(40);
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 50 });
  });

  it('refills at the rate, never above the burst', () => {
    const c = clock();
    const bucket = new TokenBucket(20, 40, c.now);
    takeAll(bucket, 40);

    c.advance(500);
    expect(takeAll(bucket, 100)).toBe(10);

    c.advance(60_000);
    expect(takeAll(bucket, 100)).toBe(40);
  });

  it('says how long until the next whole token', () => {
    const c = clock();
    const bucket = new TokenBucket(4, 1, c.now);
    bucket.take();

    c.advance(100);
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 150 });
  });

  it('refills nothing when the clock steps back', () => {
    const c = clock();
    const bucket = new TokenBucket(20, 2, c.now);
    takeAll(bucket, 2);

    c.advance(-5000);
    expect(bucket.take().ok).toBe(false);
  });

  it.each([
    [0, 1],
    [1, 0],
    [Number.NaN, 1],
  ])('refuses a rate of %s with a burst of %s', (rate, burst) => {
    expect(() => new TokenBucket(rate, burst)).toThrow(RangeError);
  });
});

describe('FloodGuard', () => {
  const limit = { perSecond: 20, burst: 40, cutAfter: 100 };

  it('throttles past the burst and cuts after cutAfter refusals', () => {
    const c = clock();
    const guard = new FloodGuard(limit, c.now);
    const kinds = Array.from({ length: 141 }, () => guard.check().kind);

    expect(kinds.slice(0, 40).every((k) => k === 'pass')).toBe(true);
    expect(kinds.slice(40, 139).every((k) => k === 'throttle')).toBe(true);
    expect(kinds[139]).toBe('cut');
    expect(kinds[140]).toBe('cut');
  });

  it('cuts a client sending at three times the rate after about five seconds', () => {
    const c = clock();
    const guard = new FloodGuard(limit, c.now);
    let sent = 0;
    let cut = false;
    // 60 a second, one every 1000/60 ms, for up to 20 s.
    while (!cut && sent < 1200) {
      c.advance(1000 / 60);
      cut = guard.check().kind === 'cut';
      sent++;
    }

    expect(cut).toBe(true);
    expect(sent / 60).toBeGreaterThan(5);
    expect(sent / 60).toBeLessThan(8);
  });

  it('never cuts a client that keeps to the rate after a burst', () => {
    const c = clock();
    const guard = new FloodGuard(limit, c.now);
    for (let i = 0; i < 60; i++) guard.check();

    const kinds = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      c.advance(50);
      kinds.add(guard.check().kind);
    }
    expect(kinds).toEqual(new Set(['pass']));
  });
});

describe('ConnectionLimit', () => {
  it('refuses the key past its limit and frees a slot on release', () => {
    const limit = new ConnectionLimit(2);
    const a = limit.acquire('k');
    limit.acquire('k');

    expect(limit.acquire('k')).toBeNull();
    expect(limit.acquire('other')).not.toBeNull();
    a?.();
    expect(limit.count('k')).toBe(1);
    expect(limit.acquire('k')).not.toBeNull();
  });

  it('counts a release once however often it is called', () => {
    const limit = new ConnectionLimit(1);
    const a = limit.acquire('k');
    a?.();
    a?.();
    limit.acquire('k');

    expect(limit.count('k')).toBe(1);
  });
});

describe('FloodGuard: forgiven messages', () => {
  it('throttles acks over the rate but never cuts for them', () => {
    const c = clock();
    const guard = new FloodGuard({ perSecond: 20, burst: 40, cutAfter: 100 }, c.now);
    const kinds = new Set<string>();
    for (let i = 0; i < 1000; i++) kinds.add(guard.check(() => true).kind);

    expect(kinds).toEqual(new Set(['pass', 'throttle']));
    expect(guard.check().kind).toBe('throttle');
  });
});
