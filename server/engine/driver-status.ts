import type { DriverStatus } from '../../lib/protocol';

export interface DriverStatusSettings {
  /** Faster than this is driving. */
  drivingKmh: number;
  /** Stationary at least this long (physical ms) is idle; shorter stops are traffic. */
  idleAfterMs: number;
  /** Stationary longer than this (physical ms) is a break. */
  breakAfterMs: number;
  /** Stationary longer than this, with no trip, is off duty. */
  offDutyAfterMs: number;
}

export const DEFAULT_DRIVER_STATUS: DriverStatusSettings = {
  drivingKmh: 5,
  idleAfterMs: 2 * 60_000,
  breakAfterMs: 15 * 60_000,
  offDutyAfterMs: 45 * 60_000,
};

export interface StatusChange {
  status: DriverStatus;
  previous: DriverStatus | undefined;
  since: number;
}

/**
 * Driver status from motion: driving, idle (stopped two minutes or more;
 * a stop at a light or a bus stop is still driving), on a break (a long
 * stop), off duty (a long stop with no trip). A manual status set
 * through the API holds until the vehicle next drives.
 */
export class DriverStatusDetector {
  private status: DriverStatus | undefined;
  private stoppedSince: number | undefined;
  private manual = false;

  constructor(private readonly settings: DriverStatusSettings = DEFAULT_DRIVER_STATUS) {}

  get current(): DriverStatus | undefined {
    return this.status;
  }

  step(
    t: number,
    speedKmh: number | undefined,
    onTrip: boolean,
  ): StatusChange | undefined {
    const driving = (speedKmh ?? 0) >= this.settings.drivingKmh;
    if (driving) {
      this.stoppedSince = undefined;
      this.manual = false;
      return this.set('driving', t);
    }
    this.stoppedSince ??= t;
    if (this.manual) return undefined;
    const still = t - this.stoppedSince;
    if (!onTrip && still >= this.settings.offDutyAfterMs) return this.set('off_duty', t);
    if (still >= this.settings.breakAfterMs) return this.set('on_break', t);
    if (still >= this.settings.idleAfterMs || this.status === undefined) {
      return this.set('idle', t);
    }
    return undefined;
  }

  setManual(status: DriverStatus, t: number): StatusChange | undefined {
    this.manual = true;
    return this.set(status, t);
  }

  private set(status: DriverStatus, t: number): StatusChange | undefined {
    if (status === this.status) return undefined;
    const change = { status, previous: this.status, since: t };
    this.status = status;
    return change;
  }
}
