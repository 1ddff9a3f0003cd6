import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  actionPayloadSchema,
  channelsOf,
  clientMessageSchema,
  ERRORS,
  MAX_ID_LENGTH,
} from '../../../lib/protocol';
import { BUDGET, hostileValue, nearValid, RUNS } from './hostile';
import { answerTo, type Outcome } from './session-harness';

/** Every reply type a session sends to a client message. */
const REPLY_TYPES = new Set([
  'error',
  'auth_error',
  'auth_success',
  'pong',
  'subscribed',
  'unsubscribed',
  'response',
  'resumed',
]);

const VALID = [
  { type: 'auth', id: 'a1', payload: { api_key: 'good-key', subscriptions: ['alerts'] } },
  { type: 'auth', payload: { api_key: 'good-key', fleet_id: 'fleet-1' } },
  { type: 'subscribe', id: 's1', payload: { channel: 'alerts' } },
  { type: 'subscribe', payload: { action: 'subscribe', data: { channels: ['alerts'] } } },
  { type: 'unsubscribe', payload: { channels: ['vehicle_locations'] } },
  { type: 'request', id: 'r1', payload: { data: { resource: 'vehicles' } } },
  {
    type: 'request',
    payload: { action: 'request', data: { resource: 'fleet_metrics' } },
  },
  { type: 'request', payload: { data: { resource: 'trip', trip_id: 't1' } } },
  {
    type: 'request',
    payload: { data: { resource: 'acknowledge_alert', alert_id: 'a' } },
  },
  { type: 'ping', id: 'p1', timestamp: '2026-03-10T10:00:00Z' },
  { type: 'resume', payload: { data: { epoch: 'e1', offset: 3, ack: true } } },
  { type: 'resume', payload: { offsets: { 'fleet-1': 0 } } },
  { type: 'ack', payload: { data: { offset: 3 } } },
  { type: 'ack', payload: { offsets: { 'fleet-1': 9 } } },
];

/** Fails unless every reply is a known type and every error a known, non-internal code. */
function expectWellFormed(o: Outcome): void {
  expect(o.failures).toBe(0);
  for (const r of o.replies) {
    expect(REPLY_TYPES).toContain(r.type);
    if (r.type !== 'error' && r.type !== 'auth_error') continue;
    expect(Object.keys(ERRORS)).toContain(r.code);
    expect(r.code).not.toBe('internal');
  }
  const refusal = o.replies.find((r) => r.type === 'auth_error');
  const code = refusal?.code as keyof typeof ERRORS | undefined;
  expect(o.closed).toBe(code === undefined ? undefined : ERRORS[code].close);
}

async function holds(frame: string, authenticated: boolean): Promise<void> {
  const first = await answerTo(frame, authenticated);
  expectWellFormed(first);
  // The same frame in the same state gets the same answer.
  expect(await answerTo(frame, authenticated)).toEqual(first);
}

describe('Bookovia client messages under hostile input', BUDGET, () => {
  it('answers arbitrary text with known replies, the same each time', async () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.json());
    await fc.assert(fc.asyncProperty(text, fc.boolean(), holds), RUNS);
  });

  it('answers arbitrary JSON values with known replies', async () => {
    const value = fc.oneof(fc.jsonValue(), hostileValue);
    const frame = value.map((v) => JSON.stringify(v) ?? 'undefined');
    await fc.assert(fc.asyncProperty(frame, fc.boolean(), holds), RUNS);
  });

  it('answers near-valid messages with known replies', async () => {
    const frame = nearValid(VALID).map((v) => JSON.stringify(v) ?? 'null');
    await fc.assert(fc.asyncProperty(frame, fc.boolean(), holds), RUNS);
  });

  it.each(VALID.map((m) => [m.type, m] as const))(
    'reads a valid %s message rather than refusing its shape',
    async (_type, message) => {
      const o = await answerTo(JSON.stringify(message), true);

      expectWellFormed(o);
      const codes = o.replies.map((r) => r.code);
      expect(codes).not.toContain('malformed_json');
      expect(codes).not.toContain('invalid_message');
      expect(codes).not.toContain('unknown_type');
    },
  );

  it('gives back every well-formed message as it was sent', () => {
    const message = fc.record(
      {
        type: fc.string({ minLength: 1, maxLength: 64 }),
        id: fc.string({ maxLength: MAX_ID_LENGTH }),
        timestamp: fc.string({ maxLength: 64 }),
        payload: fc.dictionary(
          fc.string().filter((k) => k !== '__proto__'),
          fc.jsonValue({ maxDepth: 2 }),
          { noNullPrototype: true },
        ),
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(message, (m) => {
        const wire: unknown = JSON.parse(JSON.stringify(m));
        expect(clientMessageSchema.parse(wire)).toEqual(wire);
      }),
      RUNS,
    );
  });

  it('names each channel of an action payload once, in order', () => {
    const name: fc.Arbitrary<string> = fc.constantFrom(
      'alerts',
      'vehicle_locations',
      'x',
      '',
    );
    const payload = fc.record(
      {
        channel: name,
        channels: fc.array(name, { maxLength: 32 }),
        data: fc.record(
          { channel: name, channels: fc.array(name, { maxLength: 32 }) },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(payload, (p) => {
        const names = channelsOf(actionPayloadSchema.parse(p));
        const all = [p.channel, ...(p.channels ?? []), p.data?.channel];
        const every = [...all, ...(p.data?.channels ?? [])].filter(
          (c): c is string => c !== undefined,
        );
        expect(names).toEqual([...new Set(every)]);
      }),
      RUNS,
    );
  });
});
