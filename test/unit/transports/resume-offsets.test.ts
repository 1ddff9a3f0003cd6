import { describe, expect, it } from 'vitest';
import { offsetOf, type Channel } from '../../../lib/protocol';
import {
  planResume,
  type ResumeSource,
} from '../../../server/transports/bookovia/resume';

function source(asked: Array<[string, unknown]>): ResumeSource {
  return {
    epoch: 'e1',
    seq: () => 5,
    since(fleetId, offset) {
      asked.push([fleetId, offset]);
      return { ok: true, events: [] };
    },
  };
}

describe('offsets named by fleet id', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])(
    'finds no offset for a fleet named %s that the client left out',
    (fleetId) => {
      expect(offsetOf({ other: 3 }, fleetId)).toBeUndefined();
    },
  );

  it('finds the offset the client sent for its fleet', () => {
    expect(offsetOf({ constructor: 4 }, 'constructor')).toBe(4);
  });

  it('resumes a fleet named constructor from the shared offset', () => {
    const asked: Array<[string, unknown]> = [];
    const data = { epoch: 'e1', offset: 2, offsets: { other: 1 } };

    planResume(data, ['constructor'], new Set<Channel>(), source(asked));

    expect(asked).toEqual([['constructor', 2]]);
  });
});
