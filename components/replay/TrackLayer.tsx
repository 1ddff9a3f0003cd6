'use client';

import type { FeatureCollection, MultiLineString, Point } from 'geojson';
import { unwrapLongitudes } from '@/lib/geo/unwrap';
import { useEffect, useMemo } from 'react';
import { Layer, Source, useMap } from 'react-map-gl/maplibre';
import { splitAtGaps } from '@/lib/replay/gaps';
import type { Stop } from '@/lib/replay/stops';
import { fitPoints } from '../history/fit-points';
import type { ReplayPoint } from '@/lib/replay/track';

const TRACK_COLOUR = '#1f6feb';
const STOP_COLOUR = '#c27803';

/**
 * The trip's whole track as a line, its stops as rings, and the part
 * already driven drawn over it. Fits the map to the track once.
 */
export function TrackLayer({
  points,
  gapMs,
  stops,
  index,
}: {
  points: readonly ReplayPoint[];
  /** Silences longer than this leave the line open, ms. */
  gapMs: number;
  stops: readonly Stop[];
  /** Index of the last fix the cursor has passed. */
  index: number;
}) {
  const track = useMemo(() => line(points, gapMs), [points, gapMs]);
  const driven = useMemo(
    () => line(points.slice(0, index + 1), gapMs),
    [points, index, gapMs],
  );
  const stopPoints = useMemo(() => stopFeatures(stops), [stops]);
  useFitOnce(points);

  return (
    <>
      <Source id="replay-track" type="geojson" data={track}>
        <Layer
          id="replay-track"
          type="line"
          paint={{ 'line-color': TRACK_COLOUR, 'line-width': 4, 'line-opacity': 0.35 }}
          layout={{ 'line-cap': 'round', 'line-join': 'round' }}
        />
      </Source>
      <Source id="replay-driven" type="geojson" data={driven}>
        <Layer
          id="replay-driven"
          type="line"
          paint={{ 'line-color': TRACK_COLOUR, 'line-width': 4 }}
          layout={{ 'line-cap': 'round', 'line-join': 'round' }}
        />
      </Source>
      <Source id="replay-stops" type="geojson" data={stopPoints}>
        <Layer
          id="replay-stops"
          type="circle"
          paint={{
            'circle-radius': 7,
            'circle-color': '#ffffff',
            'circle-stroke-color': STOP_COLOUR,
            'circle-stroke-width': 3,
          }}
        />
      </Source>
    </>
  );
}

function useFitOnce(points: readonly ReplayPoint[]): void {
  const { current } = useMap();
  useEffect(() => {
    const map = current?.getMap();
    if (map) fitPoints(map, points, { padding: 60, maxZoom: 16 });
  }, [current, points]);
}

function line(
  points: readonly ReplayPoint[],
  gapMs: number,
): FeatureCollection<MultiLineString> {
  const runs = splitAtGaps(points, gapMs).filter((run) => run.length > 1);
  if (runs.length === 0) return { type: 'FeatureCollection', features: [] };
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'MultiLineString',
          coordinates: runs.map((run) =>
            unwrapLongitudes(run.map((p) => [p.lon, p.lat])),
          ),
        },
      },
    ],
  };
}

function stopFeatures(stops: readonly Stop[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: stops.map((s) => ({
      type: 'Feature',
      properties: { start: s.start, end: s.end },
      geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
    })),
  };
}
