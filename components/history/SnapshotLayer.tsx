'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { Marker, Popup, useMap } from 'react-map-gl/maplibre';
import { tripReplayHref } from '@/lib/api/history';
import { formatClock, formatSpeed } from '@/lib/fleet/format';
import type { PositionAt } from '@/lib/protocol/history';
import { fitPoints } from './fit-points';

/** How the time machine frames its vehicles. */
export const FIT = { padding: 80, maxZoom: 13 };

/**
 * Every vehicle where it was at the chosen minute: an arrow turned to its
 * heading and its label; a click opens its fix and a link to replay its
 * trip. The map fits the vehicles the first time there are any.
 */
export function SnapshotLayer({
  fleetId,
  vehicles,
  timeZone,
}: {
  fleetId: string;
  vehicles: readonly PositionAt[];
  timeZone: string;
}) {
  const [openId, setOpenId] = useState<string | null>(null);
  const open = vehicles.find((v) => v.vehicle_id === openId);
  useFitFirst(vehicles);

  return (
    <>
      {vehicles.map((v) => (
        <Marker key={v.vehicle_id} longitude={v.lon} latitude={v.lat} anchor="center">
          <button
            type="button"
            className="snap-vehicle"
            aria-label={`${v.label} at ${formatClock(Date.parse(v.t), timeZone)}`}
            data-testid="snapshot-vehicle"
            onClick={(e) => {
              e.stopPropagation();
              setOpenId(v.vehicle_id);
            }}
          >
            <svg
              viewBox="0 0 24 24"
              width="18"
              height="18"
              aria-hidden="true"
              style={{ transform: `rotate(${v.heading ?? 0}deg)` }}
            >
              <path d="M12 2 L20 21 L12 16.5 L4 21 Z" />
            </svg>
            <span>{v.label}</span>
          </button>
        </Marker>
      ))}
      {open && (
        <Popup
          longitude={open.lon}
          latitude={open.lat}
          offset={14}
          closeOnClick={false}
          onClose={() => setOpenId(null)}
        >
          <div className="snap-popup">
            <strong>{open.label}</strong>
            <div>
              Fix at {formatClock(Date.parse(open.t), timeZone)},{' '}
              {formatSpeed(open.speed)}
            </div>
            {open.trip_id && (
              <Link href={tripReplayHref(fleetId, open.trip_id)}>Replay this trip</Link>
            )}
          </div>
        </Popup>
      )}
    </>
  );
}

function useFitFirst(vehicles: readonly PositionAt[]): void {
  const { current } = useMap();
  const fitted = useRef(false);
  useEffect(() => {
    const map = current?.getMap();
    if (!map || vehicles.length === 0 || fitted.current) return;
    fitted.current = true;
    fitPoints(map, vehicles, FIT);
  }, [current, vehicles]);
}
