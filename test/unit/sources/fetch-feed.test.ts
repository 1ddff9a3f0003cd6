import { describe, expect, it } from 'vitest';
import { isSpecialAddress } from '../../../server/sources/gtfs-rt/fetch-feed';

describe('isSpecialAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    'not-an-address',
  ])('counts %s as special', (address) => {
    expect(isSpecialAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '151.101.1.69', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'lets %s through',
    (address) => {
      expect(isSpecialAddress(address)).toBe(false);
    },
  );
});
