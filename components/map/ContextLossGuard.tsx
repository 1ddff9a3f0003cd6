'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import { useMap } from 'react-map-gl/maplibre';

/**
 * How long a lost WebGL context may take to come back before the map is
 * built anew. Chrome restores a context lost to a GPU reset within about
 * a second.
 */
export const RESTORE_WAIT_MS = 3000;

/**
 * How long MapLibre may take to rebuild the style on a restored context
 * (every GeoJSON source is parsed again) before the map is built anew.
 */
export const REBUILD_WAIT_MS = 10_000;

export interface ContextRecovery {
  /** False while the context is lost: the map's layers are unmounted. */
  drawing: boolean;
  /** A key for the map: it grows when a fresh map must replace it. */
  generation: number;
  handlers: ContextLossHandlers;
}

/** The state a map's owner keeps for <ContextLossGuard>. */
export function useContextRecovery(): ContextRecovery {
  const [drawing, setDrawing] = useState(true);
  const [generation, setGeneration] = useState(0);
  const onLost = useCallback(() => setDrawing(false), []);
  const onRestored = useCallback(() => setDrawing(true), []);
  const onGiveUp = useCallback(() => {
    setDrawing(true);
    setGeneration((g) => g + 1);
  }, []);
  const handlers = useMemo(
    () => ({ onLost, onRestored, onGiveUp }),
    [onLost, onRestored, onGiveUp],
  );
  return { drawing, generation, handlers };
}

export interface ContextLossHandlers {
  /** The context is gone, and the map's style with it. */
  onLost(): void;
  /** MapLibre has rebuilt the style on a restored context. */
  onRestored(): void;
  /** No usable context came back in time: mount a fresh map. */
  onGiveUp(): void;
}

/**
 * Watches for a lost WebGL context (a GPU reset, a driver update, too
 * many maps open). While it is lost, MapLibre has no style: every
 * getSource or getLayer throws, so the owner takes its layers off the
 * map at once (`onLost` runs synchronously, before the next frame). When
 * the browser restores the context MapLibre rebuilds the style from a
 * copy, and the layers go back on. Renders nothing.
 */
export function ContextLossGuard(handlers: ContextLossHandlers) {
  const { current } = useMap();
  const { onLost, onRestored, onGiveUp } = handlers;

  useEffect(() => {
    const map = current?.getMap();
    if (!map) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const giveUpAfter = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        map.off('data', whenStyled);
        onGiveUp();
      }, ms);
    };
    const whenStyled = () => {
      if (!map.isStyleLoaded()) return;
      clearTimeout(timer);
      map.off('data', whenStyled);
      onRestored();
    };

    const lost = () => {
      flushSync(onLost);
      giveUpAfter(RESTORE_WAIT_MS);
    };
    // The style is rebuilt a frame or more after the context returns, and
    // counts as loaded only once its sources are: any data event may be
    // the one that completes it.
    const restored = () => {
      giveUpAfter(REBUILD_WAIT_MS);
      map.on('data', whenStyled);
    };
    map.on('webglcontextlost', lost);
    map.on('webglcontextrestored', restored);

    return () => {
      clearTimeout(timer);
      map.off('webglcontextlost', lost);
      map.off('webglcontextrestored', restored);
      map.off('data', whenStyled);
    };
  }, [current, onLost, onRestored, onGiveUp]);

  return null;
}
