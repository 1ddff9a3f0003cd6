import type { VehicleStatus } from '../fleet/status';
import { STATUS_ORDER } from '../fleet/status';
import type { Glide } from './glide';

/**
 * Per-vehicle vertex data for the GPU glide layer, packed in one
 * Float32Array, one record of FLOATS_PER_VEHICLE floats per vehicle:
 *
 *   from.x, from.y, to.x, to.y   Web Mercator (0..1), less `origin`
 *   start, duration              seconds since `epoch`
 *   heading                      degrees from north; -1 when unknown
 *   status                       index into STATUS_ORDER
 *
 * A record changes only when a fix arrives or a status changes, so the
 * GPU upload is a fix-rate cost; each frame only the clock moves and the
 * shader interpolates. Positions are kept relative to an origin near the
 * fleet because float32 holds an absolute mercator coordinate only to
 * about a metre, which jitters at street zoom.
 */
export const FLOATS_PER_VEHICLE = 8;

/** Heading value meaning "unknown": the layer draws a dot. */
export const NO_HEADING = -1;

const INITIAL_CAPACITY = 256;

export interface DirtyRange {
  /** First and one-past-last vehicle slot changed since the last take. */
  from: number;
  to: number;
}

export class GlideBuffer {
  /** Packed records; grows by doubling, so its length is the capacity. */
  data = new Float32Array(INITIAL_CAPACITY * FLOATS_PER_VEHICLE);
  /** Mercator point positions are stored relative to; set by the first fix. */
  origin: [number, number] | undefined;
  /** True once the array was replaced: the GPU needs a full upload. */
  grown = true;

  private readonly slots = new Map<string, number>();
  private ids: string[] = [];
  private dirtyFrom = Infinity;
  private dirtyTo = 0;
  /** When the newest glide ends, ms since `epoch`. */
  private glidesEndAt = 0;

  /** @param epoch wall-clock ms that time 0 of the vertex data stands for. */
  constructor(readonly epoch: number) {}

  get count(): number {
    return this.ids.length;
  }

  slotOf(id: string): number | undefined {
    return this.slots.get(id);
  }

  /** Writes one vehicle's record, adding a slot for it if it is new. */
  write(
    id: string,
    glide: Glide,
    heading: number | undefined,
    status: VehicleStatus,
  ): void {
    const slot = this.slots.get(id) ?? this.add(id);
    const from = mercator(glide.fromLon, glide.fromLat);
    const to = mercator(glide.toLon, glide.toLat);
    this.origin ??= to;
    const [ox, oy] = this.origin;
    const o = slot * FLOATS_PER_VEHICLE;
    const d = this.data;
    d[o] = from[0] - ox;
    d[o + 1] = from[1] - oy;
    d[o + 2] = to[0] - ox;
    d[o + 3] = to[1] - oy;
    d[o + 4] = (glide.start - this.epoch) / 1000;
    d[o + 5] = glide.duration / 1000;
    d[o + 6] = heading ?? NO_HEADING;
    d[o + 7] = STATUS_ORDER.indexOf(status);
    this.touch(slot);
    this.glidesEndAt = Math.max(this.glidesEndAt, glide.start + glide.duration);
  }

  /** Changes a status alone; false when it was already that. */
  setStatus(id: string, status: VehicleStatus): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    const i = slot * FLOATS_PER_VEHICLE + 7;
    const value = STATUS_ORDER.indexOf(status);
    if (this.data[i] === value) return false;
    this.data[i] = value;
    this.touch(slot);
    return true;
  }

  /** Drops a vehicle; the last record moves into its slot. */
  remove(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    const last = this.ids.length - 1;
    const moved = this.ids[last];
    this.slots.delete(id);
    this.ids.pop();
    if (slot === last || moved === undefined) return;
    const n = FLOATS_PER_VEHICLE;
    this.data.copyWithin(slot * n, last * n, last * n + n);
    this.ids[slot] = moved;
    this.slots.set(moved, slot);
    this.touch(slot);
  }

  /** Drops every vehicle `keep` says no to. */
  retain(keep: (id: string) => boolean): void {
    for (const id of [...this.ids]) if (!keep(id)) this.remove(id);
  }

  /** Whether any vehicle is still on its way at wall-clock `now`. */
  gliding(now: number): boolean {
    return now < this.glidesEndAt;
  }

  /** The slots changed since the last call, to upload; then none are. */
  takeDirty(): DirtyRange | undefined {
    if (this.dirtyFrom >= this.dirtyTo) return undefined;
    const range = { from: this.dirtyFrom, to: this.dirtyTo };
    this.dirtyFrom = Infinity;
    this.dirtyTo = 0;
    return range;
  }

  private add(id: string): number {
    const slot = this.ids.length;
    if ((slot + 1) * FLOATS_PER_VEHICLE > this.data.length) {
      const bigger = new Float32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
      this.grown = true;
    }
    this.ids.push(id);
    this.slots.set(id, slot);
    return slot;
  }

  private touch(slot: number): void {
    this.dirtyFrom = Math.min(this.dirtyFrom, slot);
    this.dirtyTo = Math.max(this.dirtyTo, slot + 1);
  }
}

/**
 * Where the shader draws a record at `seconds` since the epoch, in
 * mercator less the origin: the same maths as the vertex shader, for
 * tests and for hit-testing.
 */
export function drawnAt(
  data: Float32Array,
  slot: number,
  seconds: number,
): [number, number] {
  const o = slot * FLOATS_PER_VEHICLE;
  const [fx, fy, tx, ty, start, duration] = data.subarray(o, o + 6);
  const t = duration && duration > 0 ? clamp01((seconds - (start ?? 0)) / duration) : 1;
  return [mix(fx ?? 0, tx ?? 0, t), mix(fy ?? 0, ty ?? 0, t)];
}

/** Web Mercator, 0..1 from the antimeridian west and the north edge. */
export function mercator(lon: number, lat: number): [number, number] {
  const sin = Math.sin((lat * Math.PI) / 180);
  return [(lon + 180) / 360, 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI];
}

function mix(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
