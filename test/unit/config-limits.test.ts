import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { problems } from '../support/config';

describe('loadConfig: client limits', () => {
  it('defaults to 20 messages a second, a burst of 40, a cut after 100, 50 per key', () => {
    const config = loadConfig({});

    expect(config.rateLimit).toEqual({ perSecond: 20, burst: 40, cutAfter: 100 });
    expect(config.maxConnectionsPerKey).toBe(50);
  });

  it('reads every limit', () => {
    const config = loadConfig({
      RATE_LIMIT_PER_S: '5',
      RATE_LIMIT_BURST: '10',
      RATE_LIMIT_CUT_AFTER: '30',
      MAX_CONNECTIONS_PER_KEY: '3',
    });

    expect(config.rateLimit).toEqual({ perSecond: 5, burst: 10, cutAfter: 30 });
    expect(config.maxConnectionsPerKey).toBe(3);
  });

  it.each([
    [
      'RATE_LIMIT_PER_S',
      '0',
      'must be a whole number of messages a second from 1 to 10000',
    ],
    [
      'RATE_LIMIT_PER_S',
      '2.5',
      'must be a whole number of messages a second from 1 to 10000',
    ],
    ['RATE_LIMIT_BURST', '100001', 'must be a whole number of messages from 1 to 100000'],
    [
      'RATE_LIMIT_CUT_AFTER',
      'many',
      'must be a whole number of messages from 1 to 1000000',
    ],
    [
      'MAX_CONNECTIONS_PER_KEY',
      '0',
      'must be a whole number of connections from 1 to 100000',
    ],
  ])('refuses %s=%s', (name, value, message) => {
    expect(problems({ [name]: value })).toEqual([`${name}: ${message}`]);
  });
});
