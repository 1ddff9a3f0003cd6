import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ackDataSchema,
  ERRORS,
  MAX_RESUME_FLEETS,
  socketAlertActionSchema,
} from '../../../lib/protocol';
import type { Principal } from '../../../server/auth/api-keys';
import {
  authorize,
  HandshakeRefusal,
  type SocketData,
} from '../../../server/transports/socketio';
import { BUDGET, hostileValue, nearValid, RUNS } from './hostile';

const VIEWER: Principal = { keyId: 'k1', role: 'viewer', fleets: new Set(['fleet-1']) };

const deps = {
  authenticate: (key: string) => Promise.resolve(key === 'good-key' ? VIEWER : null),
};

type Verdict = { ok: true; data: SocketData } | { ok: false; code: string };

/** The handshake's answer to `auth`, as the client would see it. */
async function handshake(auth: unknown): Promise<Verdict> {
  try {
    return { ok: true, data: await authorize({ handshake: { auth } } as never, deps) };
  } catch (error) {
    // Anything but a refusal would reach the client as `internal`.
    expect(error).toBeInstanceOf(HandshakeRefusal);
    return { ok: false, code: (error as HandshakeRefusal).body.code };
  }
}

const VALID_AUTH = [
  { apiKey: 'good-key', fleetId: 'fleet-1' },
  {
    apiKey: 'good-key',
    fleetId: 'fleet-1',
    resume: { epoch: 'e1', offset: 3, ack: true },
  },
  { apiKey: 'good-key', fleetId: 'fleet-1', resume: {} },
];

function expectOffset(n: unknown): void {
  expect(Number.isSafeInteger(n) && (n as number) >= 0).toBe(true);
}

describe('Socket.IO handshake under hostile auth', BUDGET, () => {
  it('admits or refuses any auth with a known code, the same each time', async () => {
    const auth = fc.oneof(fc.jsonValue(), hostileValue, nearValid(VALID_AUTH));
    await fc.assert(
      fc.asyncProperty(auth, async (a) => {
        const verdict = await handshake(a);
        expect(await handshake(a)).toEqual(verdict);
        if (!verdict.ok) {
          expect(Object.keys(ERRORS)).toContain(verdict.code);
          expect(verdict.code).not.toBe('internal');
          return;
        }
        const { resume } = verdict.data;
        expect(resume?.offsets).toBeUndefined();
        if (resume?.offset !== undefined) expectOffset(resume.offset);
      }),
      RUNS,
    );
  });

  it.each(VALID_AUTH.map((a) => [JSON.stringify(a), a] as const))(
    'admits %s',
    async (_text, auth) => {
      expect((await handshake(auth)).ok).toBe(true);
    },
  );
});

describe('Socket.IO client events under hostile payloads', BUDGET, () => {
  it('takes an ack only with whole offsets of at most the fleet limit', () => {
    const valid = [{ offset: 3 }, { offsets: { 'fleet-1': 9, 'fleet-2': 0 } }];
    const raw = fc.oneof(fc.jsonValue(), hostileValue, nearValid(valid));
    fc.assert(
      fc.property(raw, (r) => {
        const parsed = ackDataSchema.safeParse(r);
        if (!parsed.success) return;
        if (parsed.data.offset !== undefined) expectOffset(parsed.data.offset);
        const offsets = parsed.data.offsets ?? {};
        expect(Object.keys(offsets).length).toBeLessThanOrEqual(MAX_RESUME_FLEETS);
        for (const v of Object.values(offsets)) expectOffset(v);
      }),
      RUNS,
    );
  });

  it('gives back every valid ack as it was sent', () => {
    const offset = fc.nat({ max: Number.MAX_SAFE_INTEGER });
    const fleetKey = fc
      .string({ minLength: 1, maxLength: 128 })
      .filter((k) => k !== '__proto__');
    const ack = fc.record(
      {
        offset,
        // zod drops a `__proto__` key rather than set a prototype; no fleet has that id.
        offsets: fc.dictionary(fleetKey, offset, {
          maxKeys: MAX_RESUME_FLEETS,
          noNullPrototype: true,
        }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(ack, (a) => {
        const wire: unknown = JSON.parse(JSON.stringify(a));
        expect(ackDataSchema.parse(wire)).toEqual(wire);
      }),
      RUNS,
    );
  });

  it('takes an alert action only with the fields it names', () => {
    const valid = [{ alertId: 'al-1', requestId: 'r-1', note: 'towed' }];
    const raw = fc.oneof(fc.jsonValue(), hostileValue, nearValid(valid));
    fc.assert(
      fc.property(raw, (r) => {
        const parsed = socketAlertActionSchema.safeParse(r);
        if (!parsed.success) return;
        expect(Object.keys(parsed.data).sort()).toEqual(
          Object.keys(r as object)
            .filter((k) => ['alertId', 'requestId', 'note'].includes(k))
            .sort(),
        );
        expect(parsed.data.alertId.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });
});
