import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { problems } from '../support/config';

describe('loadConfig: WebSocket compression', () => {
  it('is off by default, with a 1024-byte threshold', () => {
    expect(loadConfig({})).toMatchObject({
      wsCompression: false,
      wsCompressionThreshold: 1024,
    });
  });

  it('reads WS_COMPRESSION and WS_COMPRESSION_THRESHOLD', () => {
    const config = loadConfig({ WS_COMPRESSION: 'on', WS_COMPRESSION_THRESHOLD: '0' });

    expect(config).toMatchObject({ wsCompression: true, wsCompressionThreshold: 0 });
  });

  it('refuses a switch other than on or off', () => {
    expect(problems({ WS_COMPRESSION: 'yes' })).toEqual([
      'WS_COMPRESSION: must be on or off',
    ]);
  });

  it.each(['-1', '65537', '1.5', 'big'])('refuses the threshold %s', (value) => {
    expect(problems({ WS_COMPRESSION_THRESHOLD: value })).toEqual([
      'WS_COMPRESSION_THRESHOLD: must be a whole number of bytes from 0 to 65536',
    ]);
  });
});
