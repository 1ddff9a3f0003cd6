import { afterEach, describe, expect, it, vi } from 'vitest';
import { Watchers } from '../../../server/cluster/watchers';

afterEach(() => {
  vi.useRealTimers();
});

describe('Watchers', () => {
  it('says which viewer is a fleet’s first', () => {
    const w = new Watchers(1000, () => {});

    expect([w.hold('f1'), w.hold('f1'), w.hold('f2')]).toEqual([true, false, true]);
  });

  it('lets a fleet go once it has had no viewer for the linger', () => {
    vi.useFakeTimers();
    const idle = vi.fn();
    const w = new Watchers(1000, idle);
    w.hold('f1');
    w.hold('f1');

    w.release('f1');
    w.release('f1');
    vi.advanceTimersByTime(999);
    expect(idle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);

    expect([idle.mock.calls, w.watched('f1')]).toEqual([[['f1']], false]);
  });

  it('keeps a fleet whose viewer came back within the linger', () => {
    vi.useFakeTimers();
    const idle = vi.fn();
    const w = new Watchers(1000, idle);
    w.hold('f1');
    w.release('f1');

    const first = w.hold('f1');
    vi.advanceTimersByTime(5000);

    expect([first, idle.mock.calls.length, w.watched('f1')]).toEqual([false, 0, true]);
  });
});
