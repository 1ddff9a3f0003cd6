import { describe, expect, it } from 'vitest';
import { severityFor } from '../../../server/engine/detectors/tiers';

describe('severityFor', () => {
  const tiers = { low: 0.3, medium: 0.4, high: 0.5, critical: 0.6 };

  it('picks the highest tier the value reaches, bounds included', () => {
    expect([0.3, 0.39, 0.4, 0.55, 0.6, 2].map((v) => severityFor(v, tiers))).toEqual([
      'low',
      'low',
      'medium',
      'high',
      'critical',
      'critical',
    ]);
  });

  it('returns nothing under the lowest tier', () => {
    expect(severityFor(0.29, tiers)).toBeUndefined();
  });

  it('skips tiers a table leaves out', () => {
    expect(severityFor(0.9, { low: 0.3, high: 0.5 })).toBe('high');
    expect(severityFor(0.2, { medium: 0.1 })).toBe('medium');
  });
});
