import { describe, expect, it } from 'vitest';
import {
  classifyHttp,
  MAX_RETRY_AFTER_MS,
  nextStep,
  parseRetryAfter,
} from '../../../server/notify/retry';

const NOW = Date.parse('2026-03-10T10:00:00.000Z');
const DELAYS = [10_000, 30_000];
const half = () => 0.5;

describe('nextStep', () => {
  it('settles a delivered attempt', () => {
    expect(nextStep({ outcome: 'delivered' }, 1, DELAYS, NOW)).toEqual({
      status: 'delivered',
      nextAttemptAt: null,
    });
  });

  it('gives up at once on a failure that retrying cannot fix', () => {
    const step = nextStep({ outcome: 'failed', error: 'HTTP 400' }, 1, DELAYS, NOW);

    expect(step).toEqual({ status: 'failed', nextAttemptAt: null });
  });

  it('waits the delay of the attempt just made', () => {
    const retry = { outcome: 'retry', error: 'HTTP 503' } as const;

    expect(nextStep(retry, 1, DELAYS, NOW, half).nextAttemptAt).toBe(NOW + 10_000);
    expect(nextStep(retry, 2, DELAYS, NOW, half).nextAttemptAt).toBe(NOW + 30_000);
  });

  it('spreads the delay by up to 20 % either way', () => {
    const retry = { outcome: 'retry', error: 'HTTP 503' } as const;

    expect(nextStep(retry, 1, DELAYS, NOW, () => 0).nextAttemptAt).toBe(NOW + 8000);
    expect(nextStep(retry, 1, DELAYS, NOW, () => 1).nextAttemptAt).toBe(NOW + 12_000);
  });

  it('gives up after one attempt more than there are delays', () => {
    const retry = { outcome: 'retry', error: 'HTTP 503' } as const;

    expect(nextStep(retry, 3, DELAYS, NOW, half)).toEqual({
      status: 'failed',
      nextAttemptAt: null,
    });
  });

  it("takes the receiver's Retry-After instead of its own delay", () => {
    const retry = { outcome: 'retry', error: 'HTTP 429', retryAfterMs: 120_000 } as const;

    expect(nextStep(retry, 1, DELAYS, NOW, half).nextAttemptAt).toBe(NOW + 120_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Tue, 10 Mar 2026 10:01:30 GMT', NOW)).toBe(90_000);
  });

  it('reads a date already past as no wait', () => {
    expect(parseRetryAfter('Tue, 10 Mar 2026 09:00:00 GMT', NOW)).toBe(0);
  });

  it('cuts a very long wait to six hours', () => {
    expect(parseRetryAfter('999999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
  });
});

describe('classifyHttp', () => {
  it.each([[200], [202], [204]])('takes %i as delivered', (status) => {
    expect(classifyHttp(status, null, NOW)).toEqual({ outcome: 'delivered', status });
  });

  it.each([[500], [502], [503], [429]])('retries %i', (status) => {
    expect(classifyHttp(status, null, NOW)).toEqual({
      outcome: 'retry',
      error: `HTTP ${status}`,
      status,
    });
  });

  it('keeps the Retry-After of a 503', () => {
    expect(classifyHttp(503, '7', NOW)).toMatchObject({ retryAfterMs: 7000 });
  });

  it.each([[400], [401], [404], [410], [413]])('does not retry %i', (status) => {
    expect(classifyHttp(status, null, NOW)).toEqual({
      outcome: 'failed',
      error: `HTTP ${status}`,
      status,
    });
  });

  it('does not follow or retry a redirect', () => {
    expect(classifyHttp(301, null, NOW)).toEqual({
      outcome: 'failed',
      error: 'HTTP 301: redirects are not followed',
      status: 301,
    });
  });
});
