'use client';

import { useEffect, useState } from 'react';
import { MINUTE_MS } from '@/lib/replay/zoned-time';

/** Real time between two minutes while the time machine plays. */
export const MINUTE_STEP_MS = 1000;

/**
 * Plays the time machine forward one minute per MINUTE_STEP_MS, stopping
 * at `last`. Returns whether it plays and the switch.
 */
export function useMinutePlayer(
  t: number | null,
  last: number | null,
  setT: (t: number) => void,
): [playing: boolean, setPlaying: (on: boolean) => void] {
  const [playing, setPlaying] = useState(false);

  // Playing stops by itself at the last minute.
  const active = playing && t !== null && last !== null && t < last;

  useEffect(() => {
    if (!active || t === null || last === null) return;
    const timer = setTimeout(() => {
      const next = Math.min(last, t + MINUTE_MS);
      setT(next);
      if (next >= last) setPlaying(false);
    }, MINUTE_STEP_MS);
    return () => clearTimeout(timer);
  }, [active, t, last, setT]);

  return [active, setPlaying];
}
