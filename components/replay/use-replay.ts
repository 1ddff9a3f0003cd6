'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { gapThreshold } from '@/lib/replay/gaps';
import { advance, clamp, skipGap, stepTo, type ReplaySpeed } from '@/lib/replay/clock';
import type { ReplayPoint } from '@/lib/replay/track';

/** Redraws per second while playing: the map, chart and timeline follow. */
const FRAMES_PER_SECOND = 15;

export interface Replay {
  /** The cursor, device epoch ms. */
  t: number;
  playing: boolean;
  speed: ReplaySpeed;
  start: number;
  end: number;
  /** Silences longer than this are gaps in the track, ms. */
  gap: number;
  toggle(): void;
  seek(t: number): void;
  step(direction: 1 | -1): void;
  setSpeed(speed: ReplaySpeed): void;
}

/**
 * Playback of a track: the cursor moves `speed` device seconds per real
 * second while playing, skips the gaps in the track and stops at the
 * end. Pressing play at the end
 * starts over. Mount it afresh (a `key`) for another track.
 */
export function useReplay(points: readonly ReplayPoint[]): Replay {
  const gap = useMemo(() => gapThreshold(points), [points]);
  const start = points[0]?.t ?? 0;
  const end = points[points.length - 1]?.t ?? 0;
  const [t, setT] = useState(start);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<ReplaySpeed>(5);
  // The interval and the handlers read the cursor without re-subscribing.
  const cursor = useRef(t);
  useEffect(() => {
    cursor.current = t;
  }, [t]);

  useEffect(() => {
    if (!playing) return;
    // Real time between ticks, not the nominal interval: a throttled tab
    // or a slow frame still plays at the asked speed.
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const next = advance(cursor.current, now - last, speed, { start, end });
      last = now;
      setT(skipGap(points, next.t, gap));
      if (next.ended) setPlaying(false);
    }, 1000 / FRAMES_PER_SECOND);
    return () => clearInterval(timer);
  }, [playing, speed, start, end, points, gap]);

  const toggle = useCallback(() => {
    if (!playing && cursor.current >= end) setT(start);
    setPlaying(!playing);
  }, [playing, start, end]);

  const seek = useCallback((to: number) => setT(clamp(to, { start, end })), [start, end]);

  const step = useCallback(
    (direction: 1 | -1) => {
      setPlaying(false);
      setT(stepTo(points, cursor.current, direction));
    },
    [points],
  );

  return { t, playing, speed, start, end, gap, toggle, seek, step, setSpeed };
}

/**
 * Space plays and pauses, arrows step between fixes, anywhere on the page
 * but in a control that uses those keys itself.
 */
export function useReplayKeys(replay: Replay): void {
  const { toggle, step } = replay;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      // Fields keep their keys; the time slider steps between fixes too.
      const field = target?.closest('input:not([type="range"]), select, textarea');
      if (field) return;
      // A focused button or link answers space itself.
      if (e.key === ' ' && target?.closest('button, a')) return;
      if (e.key === ' ') toggle();
      else if (e.key === 'ArrowRight') step(1);
      else if (e.key === 'ArrowLeft') step(-1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle, step]);
}
