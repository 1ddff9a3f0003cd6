import { describe, expect, it, vi } from 'vitest';
import { ERRORS, MAX_CLOSE_REASON_BYTES, type ErrorCode } from '../../../lib/protocol';
import { createLogger } from '../../../server/log';
import {
  closeOrTerminate,
  fitCloseReason,
  type Closable,
} from '../../../server/transports/bookovia/session';

const quiet = createLogger('silent');

/** A socket that records what was done to it, or throws on close. */
function fakeSocket(closeThrows = false) {
  const calls: string[] = [];
  const ws: Closable = {
    close: vi.fn((code?: number, reason?: string | Buffer) => {
      if (closeThrows)
        throw new RangeError('The message must not be greater than 123 bytes');
      calls.push(`close ${code} ${String(reason)}`);
    }),
    terminate: vi.fn(() => void calls.push('terminate')),
  };
  return { ws, calls };
}

describe('fitCloseReason', () => {
  it('keeps a reason of 123 bytes as it is', () => {
    const reason = 'r'.repeat(MAX_CLOSE_REASON_BYTES);

    expect(fitCloseReason(reason)).toBe(reason);
  });

  it('cuts a longer reason between characters, never inside one', () => {
    const fitted = fitCloseReason('é'.repeat(48) + '€'.repeat(64));

    expect(fitted).toBe('é'.repeat(48) + '€'.repeat(9));
    expect(Buffer.byteLength(fitted)).toBe(123);
  });

  it('never splits an emoji made of a surrogate pair', () => {
    const fitted = fitCloseReason('😀'.repeat(40));

    expect(fitted).toBe('😀'.repeat(30));
    // With the u flag, \p{Cs} matches only a surrogate left alone.
    expect(fitted).not.toMatch(/\p{Cs}/u);
  });
});

describe('closeOrTerminate', () => {
  it('closes with the code and reason', () => {
    const { ws, calls } = fakeSocket();

    closeOrTerminate(ws, 4401, 'invalid_api_key', quiet);

    expect(calls).toEqual(['close 4401 invalid_api_key']);
  });

  it('drops the connection when the close throws', () => {
    const { ws, calls } = fakeSocket(true);
    const lines: string[] = [];

    closeOrTerminate(
      ws,
      4401,
      'invalid_api_key',
      createLogger('warn', (l) => lines.push(l)),
    );

    expect(calls).toEqual(['terminate']);
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual([
      'close failed; connection dropped',
    ]);
  });
});

describe('the error table', () => {
  const closing = Object.entries(ERRORS).filter(([, e]) => e.close !== null);

  it.each(closing)('gives %s a close code a peer may receive', (_code, { close }) => {
    const application = close !== null && close >= 4000 && close <= 4999;
    // RFC 6455 §7.4.1 codes an endpoint may send: policy, too big, internal.
    const standard = close === 1008 || close === 1009 || close === 1011;

    expect(application || standard).toBe(true);
  });

  it.each(closing)('uses %s as a close reason that fits a close frame', (code) => {
    expect(Buffer.byteLength(code as ErrorCode)).toBeLessThanOrEqual(
      MAX_CLOSE_REASON_BYTES,
    );
    expect(code).toMatch(/^[a-z_]+$/);
  });
});
