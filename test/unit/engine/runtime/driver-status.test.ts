import { describe, expect, it } from 'vitest';
import { DriverStatusDetector } from '../../../../server/engine/driver-status';
import { SECOND, T0 } from './support';

/** [seconds after T0, speed km/h, on a trip] */
type Step = [number, number | undefined, boolean];

/** Feeds the steps in order; returns each change as [seconds, status]. */
function run(detector: DriverStatusDetector, steps: Step[]) {
  return steps.flatMap(([s, speed, onTrip]) => {
    const change = detector.step(T0 + s * SECOND, speed, onTrip);
    return change ? [[s, change.status]] : [];
  });
}

/** A fix every 10 s from `from` to `to` seconds, all alike. */
function every10(from: number, to: number, speed: number, onTrip = true): Step[] {
  const out: Step[] = [];
  for (let s = from; s <= to; s += 10) out.push([s, speed, onTrip]);
  return out;
}

describe('DriverStatusDetector', () => {
  it('reports driving when the vehicle moves at 5 km/h or faster', () => {
    const driver = new DriverStatusDetector();

    const change = driver.step(T0, 5, true);

    expect(change).toEqual({ status: 'driving', previous: undefined, since: T0 });
  });

  it('starts idle for a vehicle first seen standing', () => {
    const driver = new DriverStatusDetector();

    expect(run(driver, [[0, 0, false]])).toEqual([[0, 'idle']]);
  });

  it('keeps driving through a stop shorter than two minutes', () => {
    const driver = new DriverStatusDetector();

    const changes = run(driver, [...every10(0, 60, 40), ...every10(70, 180, 0)]);

    expect(changes).toEqual([[0, 'driving']]);
  });

  it('turns idle after two minutes stopped', () => {
    const driver = new DriverStatusDetector();

    const changes = run(driver, [...every10(0, 60, 40), ...every10(70, 300, 0)]);

    expect(changes).toEqual([
      [0, 'driving'],
      [70 + 120, 'idle'],
    ]);
  });

  it('turns on_break after fifteen minutes stopped', () => {
    const driver = new DriverStatusDetector();

    const changes = run(driver, [...every10(0, 60, 40), ...every10(70, 70 + 20 * 60, 0)]);

    expect(changes).toEqual([
      [0, 'driving'],
      [70 + 120, 'idle'],
      [70 + 15 * 60, 'on_break'],
    ]);
  });

  it('turns off_duty after 45 minutes stopped without a trip', () => {
    const driver = new DriverStatusDetector();

    const changes = run(driver, [
      ...every10(0, 60, 40),
      ...every10(70, 70 + 50 * 60, 0, false),
    ]);

    expect(changes).toEqual([
      [0, 'driving'],
      [70 + 120, 'idle'],
      [70 + 15 * 60, 'on_break'],
      [70 + 45 * 60, 'off_duty'],
    ]);
  });

  it('stays on_break past 45 minutes while still on a trip', () => {
    const driver = new DriverStatusDetector();

    const changes = run(driver, [
      ...every10(0, 60, 40),
      ...every10(70, 70 + 60 * 60, 0, true),
    ]);

    expect(changes).toEqual([
      [0, 'driving'],
      [70 + 120, 'idle'],
      [70 + 15 * 60, 'on_break'],
    ]);
  });

  it('counts a missing speed as standing', () => {
    const driver = new DriverStatusDetector();

    const changes = run(driver, [
      [0, 40, true],
      [10, undefined, true],
      [130, undefined, true],
    ]);

    expect(changes).toEqual([
      [0, 'driving'],
      [130, 'idle'],
    ]);
  });

  it('reports nothing while the status is unchanged', () => {
    const driver = new DriverStatusDetector();
    driver.step(T0, 40, true);

    const changes = run(driver, every10(10, 600, 50));

    expect(changes).toEqual([]);
  });

  it('reports a manual status with the status it replaces', () => {
    const driver = new DriverStatusDetector();
    driver.step(T0, 0, false);

    const change = driver.setManual('on_break', T0 + 30 * SECOND);

    expect(change).toEqual({
      status: 'on_break',
      previous: 'idle',
      since: T0 + 30 * SECOND,
    });
  });

  it('holds a manual status while the vehicle stands, however long', () => {
    const driver = new DriverStatusDetector();
    run(driver, every10(0, 60, 40));
    driver.setManual('off_duty', T0 + 70 * SECOND);

    const changes = run(driver, every10(80, 80 + 60 * 60, 0, true));

    expect([changes, driver.current]).toEqual([[], 'off_duty']);
  });

  it('leaves a manual status as soon as the vehicle drives', () => {
    const driver = new DriverStatusDetector();
    driver.step(T0, 0, false);
    driver.setManual('on_break', T0 + 10 * SECOND);

    const changes = run(driver, [
      [20, 0, false],
      [30, 30, true],
    ]);

    expect(changes).toEqual([[30, 'driving']]);
  });

  it('derives status from motion again after a manual status was left', () => {
    const driver = new DriverStatusDetector();
    driver.setManual('on_break', T0);

    const changes = run(driver, [...every10(10, 60, 30), ...every10(70, 200, 0)]);

    expect(changes).toEqual([
      [10, 'driving'],
      [190, 'idle'],
    ]);
  });
});
