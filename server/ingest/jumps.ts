import { distanceMeters } from '../../lib/geo/distance';
import type { Fix } from './fix';

/**
 * Below this distance a step is never a teleport, however short its
 * time: GPS scatter and a coarse network fix after a tunnel move a
 * vehicle a few kilometres within seconds, and holding those back would
 * freeze it instead. Teleports worth catching (another device's id, a
 * fix from the last city, a 0,0 neighbour) are far larger.
 */
export const MIN_JUMP_M = 5000;

export interface JumpSettings {
  /** Fastest believable travel between two fixes, km/h. */
  maxSpeedKmh: number;
  /** Consistent fixes at a new place that move the vehicle there. */
  reanchorAfter: number;
}

/** What to do with a fix that would become its vehicle's current one. */
export type JumpVerdict =
  | { kind: 'pass' }
  | { kind: 'held'; message: string }
  | { kind: 'swapped'; message: string }
  | { kind: 'reanchor'; fixes: Fix[] };

/**
 * Holds back fixes that jump further from the vehicle's last accepted
 * fix than it could have travelled (a multipath spike, a cell-tower
 * fallback, another device's id). A real move, such as a vehicle carried
 * on a ferry while off, shows up as several fixes that agree with each
 * other: after `reanchorAfter` of them the vehicle moves there. Distance
 * is great-circle, so a track across ±180° is never a jump. In memory,
 * at most `reanchorAfter` fixes per vehicle.
 */
export class JumpGuard {
  private readonly pending = new Map<string, Fix[]>();

  constructor(private readonly settings: JumpSettings) {}

  check(anchor: Fix | undefined, fix: Fix, timeScale: number): JumpVerdict {
    if (!anchor || fix.trackBreak || !this.isJump(anchor, fix, timeScale)) {
      this.pending.delete(fix.vehicleId);
      return { kind: 'pass' };
    }
    const swapped = { ...fix, lat: fix.lon, lon: fix.lat };
    if (Math.abs(fix.lon) <= 90 && !this.isJump(anchor, swapped, timeScale)) {
      const message =
        `lat ${fix.lat}, lon ${fix.lon} is far from the last fix but ` +
        'fits it swapped; send latitude as lat';
      return { kind: 'swapped', message };
    }

    const held = this.follow(fix, timeScale);
    if (held.length >= this.settings.reanchorAfter) {
      this.pending.delete(fix.vehicleId);
      return { kind: 'reanchor', fixes: held };
    }
    const km = Math.round(distanceMeters(anchor, fix) / 1000);
    const message =
      `a jump of ${km} km from the last fix implies more than ` +
      `${this.settings.maxSpeedKmh} km/h; held until ` +
      `${this.settings.reanchorAfter} fixes agree on the new place`;
    return { kind: 'held', message };
  }

  /** Fixes held for a vehicle, oldest first. */
  held(vehicleId: string): readonly Fix[] {
    return this.pending.get(vehicleId) ?? [];
  }

  /** Adds the fix to the run it continues, or starts a new run. */
  private follow(fix: Fix, timeScale: number): Fix[] {
    const run = this.pending.get(fix.vehicleId) ?? [];
    const last = run.at(-1);
    // A held fix sent again changes nothing.
    if (run.some((f) => f.deviceTime === fix.deviceTime)) return run;
    const continues =
      last !== undefined &&
      fix.deviceTime > last.deviceTime &&
      !this.isJump(last, fix, timeScale);
    const next = continues ? [...run, fix] : [fix];
    this.pending.set(fix.vehicleId, next);
    return next;
  }

  private isJump(a: Fix, b: Fix, timeScale: number): boolean {
    const metres = distanceMeters(a, b);
    if (metres < MIN_JUMP_M) return false;
    const seconds = ((b.deviceTime - a.deviceTime) / 1000) * timeScale;
    if (seconds <= 0) return true;
    return (metres / seconds) * 3.6 > this.settings.maxSpeedKmh;
  }
}
