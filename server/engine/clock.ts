/**
 * A replayed vehicle's device clock runs `timeScale` times faster than
 * physics: ten recorded minutes pass in one. Detectors reason in physical
 * time (a deceleration, a dwell, an ETA), so each vehicle converts at its
 * edge. For live devices the scale is 1 and both clocks are the same.
 */
export class VehicleClock {
  private deviceAnchor: number | undefined;
  private physicalAnchor = 0;

  constructor(private readonly scale: number) {}

  /**
   * Physical epoch ms of a fix. A fix carrying its source's own clock (a
   * replay's recorded time) is taken at its word and re-anchors the map;
   * otherwise device time is scaled from the first fix.
   */
  physical(deviceTime: number, sourceTime?: number): number {
    if (sourceTime !== undefined) {
      this.deviceAnchor = deviceTime;
      this.physicalAnchor = sourceTime;
      return sourceTime;
    }
    if (this.deviceAnchor === undefined) {
      this.deviceAnchor = deviceTime;
      this.physicalAnchor = deviceTime;
    }
    return this.physicalAnchor + (deviceTime - this.deviceAnchor) * this.scale;
  }

  /**
   * Physical epoch ms of a device time, such as a plan's stop time, by the
   * newest fix's mapping; the anchors stay where they are.
   */
  physicalOf(deviceTime: number): number {
    if (this.deviceAnchor === undefined) return deviceTime;
    return this.physicalAnchor + (deviceTime - this.deviceAnchor) * this.scale;
  }

  /** Device epoch ms of a physical time (to stamp events on the wire). */
  device(physicalTime: number): number {
    if (this.deviceAnchor === undefined) return physicalTime;
    return this.deviceAnchor + (physicalTime - this.physicalAnchor) / this.scale;
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
