'use client';

import { useEffect } from 'react';
import { Marker, useMap } from 'react-map-gl/maplibre';
import type { Cursor } from '@/lib/replay/track';

/**
 * The replayed vehicle: an arrow at the cursor, turned to its heading.
 * With `follow`, the camera keeps it in the middle.
 */
export function ReplayCursor({
  cursor,
  label,
  follow,
}: {
  cursor: Cursor;
  label: string;
  follow: boolean;
}) {
  const { current } = useMap();
  const { lat, lon } = cursor;

  useEffect(() => {
    if (!follow) return;
    current?.getMap().jumpTo({ center: [lon, lat] });
  }, [current, follow, lat, lon]);

  return (
    <Marker
      longitude={lon}
      latitude={lat}
      rotation={cursor.heading}
      rotationAlignment="map"
    >
      <div
        className="replay-cursor"
        role="img"
        aria-label={`${label} on the replay`}
        data-testid="replay-cursor"
        data-t={cursor.t}
        data-lat={lat.toFixed(6)}
        data-lon={lon.toFixed(6)}
      >
        <svg viewBox="0 0 24 24" width="30" height="30" aria-hidden="true">
          <path d="M12 2 L20 21 L12 16.5 L4 21 Z" />
        </svg>
      </div>
    </Marker>
  );
}
