/**
 * One moment of one vehicle as the engine's detectors see it. Every
 * field but `t` is optional because sources differ: KIT drives have no
 * position, CapMetro buses no engine, VED cars no engine temperature.
 * A missing reading stays missing; it is never filled with 0.
 */
export interface Sample {
  /** Physical epoch ms: the caller converts replayed time before this. */
  t: number;
  speedKmh?: number;
  engineRpm?: number;
  /** Coolant temperature, °C. */
  engineTemp?: number;
  lat?: number;
  lon?: number;
}
