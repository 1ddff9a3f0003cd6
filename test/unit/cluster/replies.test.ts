import { describe, expect, it } from 'vitest';
import {
  parseEntries,
  parseHash,
  parseStreams,
  seqOfId,
} from '../../../server/cluster/replies';

describe('stream replies', () => {
  it('reads XREAD streams and their entries', () => {
    const reply = [['k1', [['3-0', ['m', '{}', 't', '5']]]]];

    expect(parseStreams(reply)).toEqual([
      ['k1', [{ id: '3-0', fields: { m: '{}', t: '5' } }]],
    ]);
  });

  it('reads a timed-out XREAD as no streams', () => {
    expect(parseStreams(null)).toEqual([]);
  });

  it('refuses a reply of another shape rather than reading it as empty', () => {
    expect(() => parseEntries('OK')).toThrow('expected an array of entries');
    expect(() => parseHash(['only-a-field'])).toThrow('expected field, value pairs');
  });

  it('reads the seq of an entry id and refuses an id that is not one', () => {
    expect(seqOfId('42-0')).toBe(42);
    expect(() => seqOfId('abc-0')).toThrow('bad entry id abc-0');
  });
});
