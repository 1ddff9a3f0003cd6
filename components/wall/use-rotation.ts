'use client';

import { useEffect, useState } from 'react';
import { nextView, type WallView } from './wall-options';

export interface Rotation {
  view: WallView;
  /** Counts the views shown: with `holding`, what restarts the progress bar. */
  lap: number;
}

/**
 * Moves through `views`, `periodMs` each, with one timeout at a time.
 * While `holding` (an alarm) the clock stops; when it ends, the turning
 * starts over from the alert queue (when it is one of the views), where
 * the room reads who acknowledged the alert.
 */
export function useRotation(
  views: readonly WallView[],
  periodMs: number,
  holding: boolean,
): Rotation {
  const [rotation, setRotation] = useState<Rotation>(() => ({
    view: views[0] ?? 'map',
    lap: 0,
  }));
  const list = views.join(',');
  const [held, setHeld] = useState(holding);

  // State that follows a prop, adjusted during render (react.dev, "You
  // might not need an effect"): no extra commit with the old view.
  if (held !== holding) {
    setHeld(holding);
    if (!holding && views.includes('alerts')) {
      setRotation((r) => ({ view: 'alerts', lap: r.lap + 1 }));
    }
  }

  useEffect(() => {
    if (holding) return;
    const order = list.split(',') as WallView[];
    const timer = setTimeout(() => {
      setRotation((r) => ({ view: nextView(order, r.view), lap: r.lap + 1 }));
    }, periodMs);
    return () => clearTimeout(timer);
  }, [rotation, holding, periodMs, list]);

  return rotation;
}
