import { describe, expect, it } from 'vitest';
import { onWake } from '../../../lib/client/wake';

describe('onWake', () => {
  it('wakes when the network comes back', () => {
    const target = new EventTarget();
    let woken = 0;
    onWake(
      () => woken++,
      target,
      () => true,
    );

    target.dispatchEvent(new Event('online'));

    expect(woken).toBe(1);
  });

  it('wakes when the page is shown, not when it is hidden', () => {
    const target = new EventTarget();
    let visible = false;
    let woken = 0;
    onWake(
      () => woken++,
      target,
      () => visible,
    );

    target.dispatchEvent(new Event('visibilitychange'));
    visible = true;
    target.dispatchEvent(new Event('visibilitychange'));

    expect(woken).toBe(1);
  });

  it('stops listening once undone', () => {
    const target = new EventTarget();
    let woken = 0;
    const undo = onWake(
      () => woken++,
      target,
      () => true,
    );

    undo();
    target.dispatchEvent(new Event('online'));

    expect(woken).toBe(0);
  });

  it('does nothing outside a browser', () => {
    expect(() => onWake(() => {})()).not.toThrow();
  });
});
