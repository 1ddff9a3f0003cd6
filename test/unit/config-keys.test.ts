import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { problems } from '../support/config';

describe('loadConfig: keys', () => {
  it('reads the hash secret, the rotation grace and the recheck spacing', () => {
    const secret = 'x'.repeat(32);
    const config = loadConfig({
      KEY_HASH_SECRET: secret,
      KEY_ROTATE_GRACE_S: '0',
      KEY_RECHECK_S: '2',
    });

    expect(config).toMatchObject({
      keyHashSecret: secret,
      keyRotateGraceS: 0,
      keyRecheckMs: 2000,
    });
  });

  it('refuses a hash secret shorter than 32 bytes, without echoing it', () => {
    const found = problems({ KEY_HASH_SECRET: 'short-secret-value' });

    expect(found).toEqual([
      'KEY_HASH_SECRET: must be at least 32 bytes (e.g. `openssl rand -base64 48`)',
    ]);
    expect(found.join('')).not.toContain('short-secret-value');
  });

  it.each(['-1', '604801', '1.5', 'soon'])('refuses a grace of %s', (value) => {
    expect(problems({ KEY_ROTATE_GRACE_S: value })).toEqual([
      'KEY_ROTATE_GRACE_S: must be a whole number of seconds from 0 to 604800',
    ]);
  });

  it.each(['0', '61'])('refuses a recheck spacing of %s', (value) => {
    expect(problems({ KEY_RECHECK_S: value })).toEqual([
      'KEY_RECHECK_S: must be a whole number of seconds from 1 to 60',
    ]);
  });
});
