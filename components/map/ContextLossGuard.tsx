'use client';

import { useEffect } from 'react';
import { useMap } from 'react-map-gl/maplibre';

/**
 * How long a lost WebGL context may take to come back, and a restored
 * map to have its style again, before the map is built anew. Chrome
 * restores a context lost to a GPU reset within about a second.
 */
export const RESTORE_WAIT_MS = 3000;

/**
 * Watches for a lost WebGL context (a GPU reset, a driver update, too
 * many maps open). MapLibre rebuilds its style when the browser restores
 * the context; when the browser never does, or the rebuilt map has no
 * style, `onGiveUp` is called so the owner can mount a fresh map.
 * Renders nothing.
 */
export function ContextLossGuard({ onGiveUp }: { onGiveUp: () => void }) {
  const { current } = useMap();

  useEffect(() => {
    const map = current?.getMap();
    if (!map) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wait = (then: () => void) => {
      clearTimeout(timer);
      timer = setTimeout(then, RESTORE_WAIT_MS);
    };

    const onLost = () => wait(onGiveUp);
    const onRestored = () =>
      wait(() => {
        if (!map.isStyleLoaded()) onGiveUp();
      });
    map.on('webglcontextlost', onLost);
    map.on('webglcontextrestored', onRestored);

    return () => {
      clearTimeout(timer);
      map.off('webglcontextlost', onLost);
      map.off('webglcontextrestored', onRestored);
    };
  }, [current, onGiveUp]);

  return null;
}
