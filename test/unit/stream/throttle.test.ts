import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatestThrottle } from '../../../server/stream/throttle';

describe('LatestThrottle', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits the first offer for a key at once', () => {
    const emit = vi.fn();
    const throttle = new LatestThrottle<string>(1000, emit);

    throttle.offer('bus-1', 'a');

    expect(emit).toHaveBeenCalledExactlyOnceWith('a');
  });

  it('holds back offers made within the interval', () => {
    const emit = vi.fn();
    const throttle = new LatestThrottle<string>(1000, emit);

    throttle.offer('bus-1', 'a');
    vi.advanceTimersByTime(300);
    throttle.offer('bus-1', 'b');
    vi.advanceTimersByTime(699);

    expect(emit.mock.calls).toEqual([['a']]);
  });

  it('emits only the latest held offer when the interval ends', () => {
    const emit = vi.fn();
    const throttle = new LatestThrottle<string>(1000, emit);

    throttle.offer('bus-1', 'a');
    vi.advanceTimersByTime(300);
    throttle.offer('bus-1', 'b');
    vi.advanceTimersByTime(300);
    throttle.offer('bus-1', 'c');
    vi.advanceTimersByTime(400);

    expect(emit.mock.calls).toEqual([['a'], ['c']]);
  });

  it('spaces a steady stream one interval apart', () => {
    const emit = vi.fn();
    const throttle = new LatestThrottle<number>(1000, emit);

    for (let ms = 0; ms < 3000; ms += 100) {
      throttle.offer('bus-1', ms);
      vi.advanceTimersByTime(100);
    }

    expect(emit.mock.calls).toEqual([[0], [900], [1900], [2900]]);
  });

  it('emits at once again after a quiet interval', () => {
    const emit = vi.fn();
    const throttle = new LatestThrottle<string>(1000, emit);

    throttle.offer('bus-1', 'a');
    vi.advanceTimersByTime(1500);
    throttle.offer('bus-1', 'b');

    expect(emit.mock.calls).toEqual([['a'], ['b']]);
  });

  it('throttles each key on its own', () => {
    const emit = vi.fn();
    const throttle = new LatestThrottle<string>(1000, emit);

    throttle.offer('bus-1', 'a1');
    throttle.offer('bus-2', 'b1');

    expect(emit.mock.calls).toEqual([['a1'], ['b1']]);
  });

  it('passes every offer straight through with an interval of 0', () => {
    const emit = vi.fn();
    const throttle = new LatestThrottle<string>(0, emit);

    throttle.offer('bus-1', 'a');
    throttle.offer('bus-1', 'b');
    throttle.offer('bus-1', 'c');

    expect(emit.mock.calls).toEqual([['a'], ['b'], ['c']]);
  });

  it('drops held offers on stop', () => {
    const emit = vi.fn();
    const throttle = new LatestThrottle<string>(1000, emit);

    throttle.offer('bus-1', 'a');
    throttle.offer('bus-1', 'b');
    throttle.stop();
    vi.advanceTimersByTime(5000);

    expect(emit.mock.calls).toEqual([['a']]);
  });

  it('measures the interval with the clock it is given', () => {
    const emit = vi.fn();
    let clock = 0;
    const throttle = new LatestThrottle<string>(1000, emit, () => clock);

    throttle.offer('bus-1', 'a');
    clock = 1000;
    throttle.offer('bus-1', 'b');

    expect(emit.mock.calls).toEqual([['a'], ['b']]);
  });
});
