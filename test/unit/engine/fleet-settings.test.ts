import { describe, expect, it } from 'vitest';
import {
  engineSettingsFor,
  fleetSettingsOf,
  mergeSettings,
  settingsConflict,
} from '../../../server/engine/fleet-settings';
import { engineSettings } from './runtime/support';

describe('fleet settings', () => {
  it('turn back into the very engine settings they came from', () => {
    const base = engineSettings();

    expect(engineSettingsFor(base, fleetSettingsOf(base))).toEqual(base);
  });

  it('keep every value a patch leaves out', () => {
    const defaults = fleetSettingsOf(engineSettings());

    const merged = mergeSettings(defaults, { speeding: { limit_kmh: 40 } });

    expect(merged.speeding).toEqual({ ...defaults.speeding, limit_kmh: 40 });
    expect(defaults.speeding.limit_kmh).toBe(120);
  });

  it('refuse tiers that fall from low to critical', () => {
    const defaults = fleetSettingsOf(engineSettings());

    const merged = mergeSettings(defaults, {
      harsh_braking: { tiers_g: { high: 0.35 } },
    });

    expect(settingsConflict(merged)).toBe(
      'harsh_braking.tiers_g must rise from low to critical',
    );
  });
});
