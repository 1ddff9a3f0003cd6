'use client';

import { useSyncExternalStore } from 'react';

/**
 * One ticker for every countdown and age on the page: a component asks
 * for the time and re-renders once a second, and however many ask, there
 * is one interval. Leaves (a countdown, an age) should ask, not lists.
 */
let now = 0;
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    clearInterval(timer);
    timer = undefined;
  };
}

function read(): number {
  return now || (now = Date.now());
}

/** This browser's time, epoch ms, updated every second. */
export function useClock(): number {
  return useSyncExternalStore(subscribe, read, () => 0);
}
