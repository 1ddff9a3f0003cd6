import { describe, expect, it } from 'vitest';
import { clip, MAX_ECHO_CHARS } from '../../../lib/protocol';

describe('clip', () => {
  it('keeps text of 64 characters whole', () => {
    const text = '€'.repeat(MAX_ECHO_CHARS);

    expect(clip(text)).toBe(text);
  });

  it('cuts longer text to 63 characters and an ellipsis', () => {
    expect(clip('é'.repeat(100))).toBe('é'.repeat(63) + '…');
  });

  it('counts an emoji as one character and never splits its surrogate pair', () => {
    const clipped = clip('a' + '🚌'.repeat(100));

    expect(clipped).toBe('a' + '🚌'.repeat(62) + '…');
    // With the u flag, \p{Cs} matches only a surrogate left alone.
    expect(clipped).not.toMatch(/\p{Cs}/u);
  });

  it('takes a smaller limit', () => {
    expect(clip('fleet-123456', 6)).toBe('fleet…');
  });
});
