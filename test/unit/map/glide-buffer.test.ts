import { describe, expect, it } from 'vitest';
import type { Glide } from '../../../lib/map/glide';
import {
  drawnAt,
  FLOATS_PER_VEHICLE,
  GlideBuffer,
  mercator,
  NO_HEADING,
} from '../../../lib/map/glide-buffer';

const EPOCH = Date.UTC(2026, 2, 10, 10, 0, 0);

function glide(over: Partial<Glide> = {}): Glide {
  return {
    fromLon: -97.74,
    fromLat: 30.27,
    toLon: -97.73,
    toLat: 30.28,
    start: EPOCH + 2000,
    duration: 1000,
    ...over,
  };
}

function record(buffer: GlideBuffer, id: string): number[] {
  const slot = buffer.slotOf(id);
  if (slot === undefined) throw new Error(`${id} has no slot`);
  const o = slot * FLOATS_PER_VEHICLE;
  return [...buffer.data.subarray(o, o + FLOATS_PER_VEHICLE)];
}

describe('mercator', () => {
  it('puts null island at the middle of the world', () => {
    expect(mercator(0, 0)).toEqual([0.5, 0.5]);
  });

  it('puts the antimeridian west edge at 0 and north up', () => {
    const [x, y] = mercator(-180, 60);

    expect(x).toBe(0);
    expect(y).toBeLessThan(0.5);
  });
});

describe('GlideBuffer', () => {
  it('packs a glide relative to the first target, in seconds since its epoch', () => {
    const buffer = new GlideBuffer(EPOCH);
    buffer.write('bus-1', glide(), 90, 'idle');

    const [ox, oy] = mercator(-97.73, 30.28);
    const [fx, fy] = mercator(-97.74, 30.27);
    const r = record(buffer, 'bus-1');
    expect(buffer.origin).toEqual([ox, oy]);
    expect(r[0]).toBeCloseTo(fx - ox, 9);
    expect(r[1]).toBeCloseTo(fy - oy, 9);
    expect(r.slice(2)).toEqual([0, 0, 2, 1, 90, 1]);
  });

  it('marks an unknown heading so the shader draws a dot', () => {
    const buffer = new GlideBuffer(EPOCH);
    buffer.write('bus-1', glide(), undefined, 'moving');

    expect(record(buffer, 'bus-1')[6]).toBe(NO_HEADING);
  });

  it('reports only the slots written since the last upload', () => {
    const buffer = new GlideBuffer(EPOCH);
    for (const id of ['a', 'b', 'c', 'd']) buffer.write(id, glide(), 0, 'moving');
    buffer.takeDirty();

    buffer.write('b', glide(), 10, 'moving');
    buffer.write('c', glide(), 20, 'moving');

    expect(buffer.takeDirty()).toEqual({ from: 1, to: 3 });
    expect(buffer.takeDirty()).toBeUndefined();
  });

  it('does not mark a slot when its status is unchanged', () => {
    const buffer = new GlideBuffer(EPOCH);
    buffer.write('a', glide(), 0, 'moving');
    buffer.takeDirty();

    expect(buffer.setStatus('a', 'moving')).toBe(false);
    expect(buffer.takeDirty()).toBeUndefined();
    expect(buffer.setStatus('a', 'alerting')).toBe(true);
    expect(buffer.takeDirty()).toEqual({ from: 0, to: 1 });
  });

  it('moves the last vehicle into the slot of one removed', () => {
    const buffer = new GlideBuffer(EPOCH);
    buffer.write('a', glide(), 10, 'moving');
    buffer.write('b', glide(), 20, 'moving');
    buffer.write('c', glide(), 30, 'moving');
    buffer.takeDirty();

    buffer.remove('a');

    expect(buffer.count).toBe(2);
    expect(buffer.slotOf('a')).toBeUndefined();
    expect(buffer.slotOf('c')).toBe(0);
    expect(record(buffer, 'c')[6]).toBe(30);
    expect(buffer.takeDirty()).toEqual({ from: 0, to: 1 });
  });

  it('keeps every record when it grows past its capacity', () => {
    const buffer = new GlideBuffer(EPOCH);
    buffer.grown = false;
    for (let i = 0; i < 300; i++) buffer.write(`v${i}`, glide(), i, 'moving');

    expect(buffer.grown).toBe(true);
    expect(buffer.count).toBe(300);
    expect(record(buffer, 'v0')[6]).toBe(0);
    expect(record(buffer, 'v299')[6]).toBe(299);
  });

  it('retains only the vehicles it is told to keep', () => {
    const buffer = new GlideBuffer(EPOCH);
    for (const id of ['a', 'b', 'c']) buffer.write(id, glide(), 0, 'moving');

    buffer.retain((id) => id !== 'b');

    expect(buffer.count).toBe(2);
    expect(buffer.slotOf('b')).toBeUndefined();
  });

  it('says vehicles glide until the newest glide ends', () => {
    const buffer = new GlideBuffer(EPOCH);
    buffer.write('a', glide({ start: EPOCH, duration: 1000 }), 0, 'moving');

    expect(buffer.gliding(EPOCH + 999)).toBe(true);
    expect(buffer.gliding(EPOCH + 1000)).toBe(false);
  });
});

describe('drawnAt', () => {
  const buffer = new GlideBuffer(EPOCH);
  buffer.write('a', glide({ start: EPOCH + 2000, duration: 1000 }), 0, 'moving');
  const r = record(buffer, 'a');
  const [fx = 0, fy = 0, tx = 0, ty = 0] = r;

  it('draws a vehicle at its start before its glide begins', () => {
    expect(drawnAt(buffer.data, 0, 1)).toEqual([fx, fy]);
  });

  it('draws a vehicle halfway at half its glide', () => {
    const [x, y] = drawnAt(buffer.data, 0, 2.5);

    expect(x).toBeCloseTo((fx + tx) / 2, 12);
    expect(y).toBeCloseTo((fy + ty) / 2, 12);
  });

  it('draws a vehicle at its target once its glide is over', () => {
    expect(drawnAt(buffer.data, 0, 60)).toEqual([tx, ty]);
  });

  it('draws a vehicle with no glide at its target', () => {
    const still = new GlideBuffer(EPOCH);
    still.write('a', glide({ duration: 0 }), 0, 'moving');

    expect(drawnAt(still.data, 0, 0)).toEqual([0, 0]);
  });
});
