import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { problems } from '../support/config';

/** ws's own default maxPayload, which Fleetlight never leaves in place. */
const WS_DEFAULT = 100 * 1024 * 1024;

describe('loadConfig: the Bookovia payload limit', () => {
  it('defaults to 64 KiB, far below the 100 MiB of ws', () => {
    const { wsMaxPayloadBytes } = loadConfig({});

    expect(wsMaxPayloadBytes).toBe(65_536);
    expect(wsMaxPayloadBytes * 1000).toBeLessThan(WS_DEFAULT);
  });

  it('reads WS_MAX_PAYLOAD_BYTES', () => {
    const config = loadConfig({ WS_MAX_PAYLOAD_BYTES: '1048576' });

    expect(config.wsMaxPayloadBytes).toBe(1_048_576);
  });

  it.each(['1023', '16777217', '2.5', 'lots'])('refuses the limit %s', (value) => {
    expect(problems({ WS_MAX_PAYLOAD_BYTES: value })).toEqual([
      'WS_MAX_PAYLOAD_BYTES: must be a whole number of bytes from 1024 to 16777216',
    ]);
  });
});
