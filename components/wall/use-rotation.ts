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
 * While `holding` (an alarm) the clock stops; when it ends, the view
 * that was showing gets its whole time again.
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
