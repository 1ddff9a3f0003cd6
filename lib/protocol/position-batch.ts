import type { Telemetry } from './location';

/**
 * The binary `positions` event of the Socket.IO path: the latest fix of
 * every vehicle of one fleet that moved within a batch window, encoded
 * once per fleet and written as-is to every dashboard of the fleet. The
 * layout is in docs/protocol.md ("Socket.IO positions"). Shared by the
 * server and the browser, so it uses DataView and TextEncoder only.
 *
 * A vehicle is named by its index in the fleet's position index, which a
 * snapshot carries whole (`positions_index`) and a batch extends inline
 * (`names`) before the first record that uses a new index.
 */

/** The first byte of every batch; a new layout takes a new number. */
export const POSITION_BATCH_VERSION = 1;

/** One vehicle's fix, in the units of `location_update`. */
export interface PositionRecord {
  /** The vehicle's index in the fleet's position index. */
  index: number;
  /** Degrees; sent to 1e-7°. */
  lat: number;
  lon: number;
  /** Device time of the fix, epoch ms. */
  deviceTime: number;
  /** km/h to 0.1, up to 6553.5. */
  speed?: number;
  /** Degrees clockwise from north to 0.1, in [0, 360). */
  heading?: number;
  telemetry?: Telemetry;
  /**
   * Present only when the vehicle's trip or route changed since the
   * fleet's previous batch named them (or after a dashboard joined);
   * absent means "as before". Inside it, an absent id means "none".
   */
  cold?: { tripId?: string; routeId?: string };
}

export interface PositionBatch {
  /** The highest stream `seq` among the fixes in the batch. */
  seq: number;
  /** Index entries new since the previous batch, index → vehicle id. */
  names: Array<[index: number, vehicleId: string]>;
  records: PositionRecord[];
}

/** Why a buffer is not a batch; the code is stable, the message says where. */
export interface PositionBatchProblem {
  code: 'malformed_batch';
  message: string;
}

export type DecodedBatch =
  { ok: true; batch: PositionBatch } | { ok: false; error: PositionBatchProblem };

// Flag bits of a record, in the order their fields follow the position.
const SPEED = 1;
const HEADING = 2;
const ODOMETER = 4;
const FUEL = 8;
const RPM = 16;
const TEMP = 32;
const LOAD = 64;
const COLD = 128;

/** Flags byte, index ≥ 1, time ≥ 1, latitude 4, longitude 4. */
const MIN_RECORD_BYTES = 11;
/** Version, seq (float64), base time (float64), two counts. */
const MIN_BATCH_BYTES = 19;
/** Longest vehicle, trip or route id, in UTF-8 bytes. */
export const MAX_ID_BYTES = 1024;

const encoder = new TextEncoder();

/**
 * Encodes a batch. Latitude, longitude and device time must be finite;
 * optional numbers that are not are left out, the rest clamped to what
 * their field holds (docs/protocol.md).
 */
export function encodePositionBatch(batch: PositionBatch): Uint8Array {
  let base = Infinity;
  for (const r of batch.records) {
    if (!Number.isFinite(r.lat) || !Number.isFinite(r.lon)) {
      throw new RangeError(`Record ${r.index} needs a finite latitude and longitude`);
    }
    if (!Number.isFinite(r.deviceTime)) {
      throw new RangeError(`Record ${r.index} needs a finite device time`);
    }
    base = Math.min(base, Math.floor(r.deviceTime));
  }
  const w = new Writer(64 + batch.records.length * 32);
  w.u8(POSITION_BATCH_VERSION);
  w.f64(batch.seq);
  w.f64(base === Infinity ? 0 : base);
  w.varint(batch.names.length);
  for (const [index, id] of batch.names) {
    w.varint(index);
    w.text(id);
  }
  w.varint(batch.records.length);
  for (const r of batch.records) writeRecord(w, r, base);
  return w.done();
}

function writeRecord(w: Writer, r: PositionRecord, base: number): void {
  const t = r.telemetry;
  const speed = finite(r.speed);
  const heading = finite(r.heading);
  const odometer = finite(t?.odometer);
  const fuel = finite(t?.fuel_level);
  const rpm = finite(t?.engine_rpm);
  const temp = finite(t?.engine_temp);
  const load = finite(t?.engine_load);
  const flags =
    (speed === undefined ? 0 : SPEED) |
    (heading === undefined ? 0 : HEADING) |
    (odometer === undefined ? 0 : ODOMETER) |
    (fuel === undefined ? 0 : FUEL) |
    (rpm === undefined ? 0 : RPM) |
    (temp === undefined ? 0 : TEMP) |
    (load === undefined ? 0 : LOAD) |
    (r.cold === undefined ? 0 : COLD);

  w.u8(flags);
  w.varint(r.index);
  w.varint(Math.floor(r.deviceTime) - base);
  w.i32(clamp(Math.round(r.lat * 1e7), -900_000_000, 900_000_000));
  w.i32(clamp(Math.round(r.lon * 1e7), -1_800_000_000, 1_800_000_000));
  if (speed !== undefined) w.u16(clamp(Math.round(speed * 10), 0, 0xffff));
  if (heading !== undefined) w.u16(((Math.round(heading * 10) % 3600) + 3600) % 3600);
  if (odometer !== undefined) w.u32(clamp(Math.round(odometer * 100), 0, 0xffffffff));
  if (fuel !== undefined) w.u16(clamp(Math.round(fuel * 10), 0, 1000));
  if (rpm !== undefined) w.u16(clamp(Math.round(rpm), 0, 0xffff));
  if (temp !== undefined) w.i16(clamp(Math.round(temp * 10), -0x8000, 0x7fff));
  if (load !== undefined) w.u16(clamp(Math.round(load * 10), 0, 1000));
  if (r.cold === undefined) return;
  w.optionalText(r.cold.tripId);
  w.optionalText(r.cold.routeId);
}

/**
 * Decodes a batch. Never throws: a buffer that is not a whole, well-formed
 * batch of this version comes back as `malformed_batch`, naming where.
 */
export function decodePositionBatch(bytes: ArrayBuffer | ArrayBufferView): DecodedBatch {
  try {
    return { ok: true, batch: readBatch(new Reader(bytes)) };
  } catch (error) {
    const detail = error instanceof Malformed ? error.message : 'it could not be read';
    return {
      ok: false,
      error: { code: 'malformed_batch', message: `Not a positions batch: ${detail}` },
    };
  }
}

function readBatch(r: Reader): PositionBatch {
  if (r.left() < MIN_BATCH_BYTES) throw new Malformed(`${r.left()} bytes is too short`);
  const version = r.u8();
  if (version !== POSITION_BATCH_VERSION) {
    throw new Malformed(`version ${version}, expected ${POSITION_BATCH_VERSION}`);
  }
  const seq = r.f64();
  const base = r.f64();
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Malformed('seq is not a count');
  if (!Number.isSafeInteger(base)) throw new Malformed('base time is not whole ms');

  const nameCount = r.count(2, 'names');
  const names: PositionBatch['names'] = [];
  for (let i = 0; i < nameCount; i++) {
    const index = r.varint();
    names.push([index, r.text()]);
  }
  const recordCount = r.count(MIN_RECORD_BYTES, 'records');
  const records: PositionRecord[] = [];
  for (let i = 0; i < recordCount; i++) records.push(readRecord(r, base));
  if (r.left() !== 0) throw new Malformed(`${r.left()} bytes after the last record`);
  return { seq, names, records };
}

function readRecord(r: Reader, base: number): PositionRecord {
  const flags = r.u8();
  const index = r.varint();
  const deviceTime = base + r.varint();
  const lat = r.i32() / 1e7;
  const lon = r.i32() / 1e7;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new Malformed(`record ${index} is off the globe`);
  }
  const rec: PositionRecord = { index, lat, lon, deviceTime };
  if (flags & SPEED) rec.speed = r.u16() / 10;
  if (flags & HEADING) rec.heading = readHeading(r, index);
  if (flags & (ODOMETER | FUEL | RPM | TEMP | LOAD)) {
    const t: Telemetry = {};
    if (flags & ODOMETER) t.odometer = r.u32() / 100;
    if (flags & FUEL) t.fuel_level = Math.min(r.u16(), 1000) / 10;
    if (flags & RPM) t.engine_rpm = r.u16();
    if (flags & TEMP) t.engine_temp = r.i16() / 10;
    if (flags & LOAD) t.engine_load = Math.min(r.u16(), 1000) / 10;
    rec.telemetry = t;
  }
  if (flags & COLD) {
    const tripId = r.optionalText();
    const routeId = r.optionalText();
    rec.cold = {
      ...(tripId !== undefined && { tripId }),
      ...(routeId !== undefined && { routeId }),
    };
  }
  return rec;
}

function readHeading(r: Reader, index: number): number {
  const tenths = r.u16();
  if (tenths >= 3600) throw new Malformed(`record ${index} has heading ${tenths / 10}`);
  return tenths / 10;
}

function finite(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

function clamp(n: number, min: number, max: number): number {
  return n < min ? min : n > max ? max : n;
}

/** What the reader throws; decodePositionBatch turns it into a result. */
class Malformed extends Error {}

/** A growing little-endian buffer. */
class Writer {
  private buf: Uint8Array;
  private view: DataView;
  private at = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  u8(n: number): void {
    this.room(1);
    this.buf[this.at++] = n;
  }

  u16(n: number): void {
    this.room(2);
    this.view.setUint16(this.at, n, true);
    this.at += 2;
  }

  i16(n: number): void {
    this.room(2);
    this.view.setInt16(this.at, n, true);
    this.at += 2;
  }

  u32(n: number): void {
    this.room(4);
    this.view.setUint32(this.at, n, true);
    this.at += 4;
  }

  i32(n: number): void {
    this.room(4);
    this.view.setInt32(this.at, n, true);
    this.at += 4;
  }

  f64(n: number): void {
    this.room(8);
    this.view.setFloat64(this.at, n, true);
    this.at += 8;
  }

  /** LEB128, by division so it holds any safe integer, not just 32 bits. */
  varint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`${n} is not a count a batch can hold`);
    }
    this.room(8);
    while (n >= 0x80) {
      this.buf[this.at++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.at++] = n;
  }

  text(s: string): void {
    const bytes = encoder.encode(s);
    if (bytes.length > MAX_ID_BYTES) {
      throw new RangeError(`An id of ${bytes.length} bytes is over ${MAX_ID_BYTES}`);
    }
    this.varint(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** Length + 1, so 0 stands for "none". */
  optionalText(s: string | undefined): void {
    if (s === undefined) return this.u8(0);
    const bytes = encoder.encode(s);
    if (bytes.length > MAX_ID_BYTES) {
      throw new RangeError(`An id of ${bytes.length} bytes is over ${MAX_ID_BYTES}`);
    }
    this.varint(bytes.length + 1);
    this.room(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }

  done(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
}

/** A bounds-checked little-endian cursor; every overrun is Malformed. */
class Reader {
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private at = 0;

  constructor(source: ArrayBuffer | ArrayBufferView) {
    this.bytes = ArrayBuffer.isView(source)
      ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
      : new Uint8Array(source);
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
  }

  left(): number {
    return this.bytes.length - this.at;
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.at++);
  }

  u16(): number {
    this.need(2);
    const n = this.view.getUint16(this.at, true);
    this.at += 2;
    return n;
  }

  i16(): number {
    this.need(2);
    const n = this.view.getInt16(this.at, true);
    this.at += 2;
    return n;
  }

  u32(): number {
    this.need(4);
    const n = this.view.getUint32(this.at, true);
    this.at += 4;
    return n;
  }

  i32(): number {
    this.need(4);
    const n = this.view.getInt32(this.at, true);
    this.at += 4;
    return n;
  }

  f64(): number {
    this.need(8);
    const n = this.view.getFloat64(this.at, true);
    this.at += 8;
    return n;
  }

  /** At most 7 bytes (49 bits), so the value stays a safe integer. */
  varint(): number {
    let n = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
      const b = this.u8();
      n += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return n;
      scale *= 0x80;
    }
    throw new Malformed(`a varint at byte ${this.at} runs past 7 bytes`);
  }

  /** A count of items each at least `min` bytes long: no more than fit. */
  count(min: number, what: string): number {
    const n = this.varint();
    if (n * min > this.left()) throw new Malformed(`${n} ${what} cannot fit`);
    return n;
  }

  text(): string {
    return this.utf8(this.varint());
  }

  optionalText(): string | undefined {
    const n = this.varint();
    return n === 0 ? undefined : this.utf8(n - 1);
  }

  private utf8(length: number): string {
    if (length > MAX_ID_BYTES) throw new Malformed(`an id of ${length} bytes`);
    this.need(length);
    const s = this.decoder.decode(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return s;
  }

  private need(n: number): void {
    if (this.at + n > this.bytes.length) {
      throw new Malformed(`it ends at byte ${this.bytes.length}, inside a field`);
    }
  }
}
