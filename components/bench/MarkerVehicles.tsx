'use client';

import { useEffect, useState } from 'react';
import { Marker } from 'react-map-gl/maplibre';
import { STATUS_COLOUR, vehicleStatus } from '@/lib/fleet/status';
import { VehicleAnimator } from '@/lib/map/animator';
import { useFleetStoreApi } from '../fleet-store-context';

interface Drawn {
  id: string;
  lon: number;
  lat: number;
  heading: number;
  colour: string;
}

/**
 * The baseline the vehicle layer is measured against: one DOM marker per
 * vehicle, glided by re-rendering every frame, as a dashboard built on
 * react-map-gl's <Marker> would. Only the map benchmark draws this.
 */
export function MarkerVehicles() {
  const store = useFleetStoreApi();
  const [drawn, setDrawn] = useState<Drawn[]>([]);

  useEffect(() => {
    const animator = new VehicleAnimator();
    let frame = 0;
    let dirty = true;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.vehiclesVersion === prev.vehiclesVersion) return;
      animator.update(s.vehicles, Date.now());
      dirty = true;
    });
    const loop = () => {
      const now = Date.now();
      if (dirty || animator.animating(now)) {
        dirty = false;
        const list = Object.values(store.getState().vehicles).map((v) => {
          const [lon, lat] = animator.position(v.id, now) ?? [v.lon, v.lat];
          const colour = STATUS_COLOUR[vehicleStatus(v, now)];
          return { id: v.id, lon, lat, heading: v.heading ?? 0, colour };
        });
        setDrawn(list);
      }
      frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(frame);
      unsubscribe();
    };
  }, [store]);

  return drawn.map((d) => (
    <Marker
      key={d.id}
      longitude={d.lon}
      latitude={d.lat}
      rotation={d.heading}
      rotationAlignment="map"
    >
      <svg width="16" height="16" viewBox="-8 -8 16 16" aria-hidden>
        <path d="M0 -7 L5 6 L0 3 L-5 6 Z" fill={d.colour} stroke="#fff" />
      </svg>
    </Marker>
  ));
}
