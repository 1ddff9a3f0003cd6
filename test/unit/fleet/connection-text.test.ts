import { describe, expect, it } from 'vitest';
import { retryText } from '../../../lib/fleet/connection-text';

const NOW = Date.UTC(2026, 2, 10, 10, 0, 0);

describe('retryText', () => {
  it('counts down to the next attempt in whole seconds', () => {
    expect(retryText({ attempt: 3, nextAt: NOW + 3_200 }, NOW)).toBe('Attempt 3 in 4 s.');
  });

  it('says when an attempt is under way', () => {
    expect(retryText({ attempt: 2, nextAt: null }, NOW)).toBe('Attempt 2 under way.');
  });

  it('never counts below zero', () => {
    expect(retryText({ attempt: 4, nextAt: NOW - 5_000 }, NOW)).toBe(
      'Attempt 4 starting.',
    );
  });
});
