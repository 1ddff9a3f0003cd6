/**
 * A replayed vehicle's device clock runs `timeScale` times faster than
 * physics: ten recorded minutes pass in one. Detectors reason in physical
 * time (a deceleration, a dwell, an ETA), so each vehicle converts at its
 * edge. For live devices the scale is 1 and both clocks are the same.
 */
export class VehicleClock {
  private anchor: number | undefined;

  constructor(private readonly scale: number) {}

  /** Physical epoch ms of a device time. */
  physical(deviceTime: number): number {
    this.anchor ??= deviceTime;
    return this.anchor + (deviceTime - this.anchor) * this.scale;
  }

  /** Device epoch ms of a physical time (to stamp events on the wire). */
  device(physicalTime: number): number {
    if (this.anchor === undefined) return physicalTime;
    return this.anchor + (physicalTime - this.anchor) / this.scale;
  }

  /**
   * The device clock's reading now. Replayed device times are mapped onto
   * the present, so this is the wall clock for every vehicle.
   */
  deviceNow(wallNow: number): number {
    return wallNow;
  }

  /** A physical duration, ms, as it passes on the device clock. */
  deviceDuration(physicalMs: number): number {
    return physicalMs / this.scale;
  }
}
