import type { Feature, FeatureCollection, Point } from 'geojson';
import { vehicleLabel } from '../fleet/format';
import type { VehicleStatus } from '../fleet/status';
import type { Vehicle } from '../fleet/vehicle';

export interface VehicleFeatureProps {
  id: string;
  status: VehicleStatus;
  label: string;
  heading?: number;
}

export interface FeatureInput {
  vehicles: Readonly<Record<string, Vehicle>>;
  labels: Readonly<Record<string, string>>;
  statusOf: (v: Vehicle) => VehicleStatus;
  /** Where a vehicle is drawn; its newest fix when not given. */
  positionOf?: (v: Vehicle) => [number, number] | undefined;
}

/**
 * The vehicles as GeoJSON points for clustering, hit-testing and labels.
 * `except` (the selected vehicle) is left out: a vehicle the user is
 * looking at must never disappear into a cluster, so it is drawn from a
 * source of its own instead.
 */
export function vehicleFeatures(
  input: FeatureInput,
  except: string | null,
): FeatureCollection<Point, VehicleFeatureProps> {
  const features: Feature<Point, VehicleFeatureProps>[] = [];
  for (const v of Object.values(input.vehicles)) {
    if (v.id === except) continue;
    features.push(vehicleFeature(input, v));
  }
  return { type: 'FeatureCollection', features };
}

/** `id` alone, for the selected vehicle's own source; empty if unknown. */
export function selectedFeatures(
  input: FeatureInput,
  id: string | null,
): FeatureCollection<Point, VehicleFeatureProps> {
  const v = id === null ? undefined : input.vehicles[id];
  return {
    type: 'FeatureCollection',
    features: v ? [vehicleFeature(input, v)] : [],
  };
}

function vehicleProps(input: FeatureInput, v: Vehicle): VehicleFeatureProps {
  const properties: VehicleFeatureProps = {
    id: v.id,
    status: input.statusOf(v),
    label: input.labels[v.id] ?? vehicleLabel(v.id),
  };
  if (v.heading !== undefined) properties.heading = v.heading;
  return properties;
}

function vehicleFeature(
  input: FeatureInput,
  v: Vehicle,
): Feature<Point, VehicleFeatureProps> {
  const properties = vehicleProps(input, v);
  return {
    type: 'Feature',
    geometry: {
      type: 'Point',
      coordinates: input.positionOf?.(v) ?? [v.lon, v.lat],
    },
    properties,
  };
}

/**
 * Some of the features `vehicleFeatures` would make, as JSON text: the
 * comma-separated members of its `features` array, "" when none. MapLibre
 * copies a GeoJSON object to its worker in one walk on the main thread,
 * one long task at ten thousand vehicles; text handed over as a Blob URL
 * can be written a slice per task instead.
 */
export function featuresJson(
  input: FeatureInput,
  vehicles: readonly Vehicle[],
  except: string | null,
): string {
  const parts: string[] = [];
  for (const v of vehicles) {
    if (v.id === except) continue;
    const [lon, lat] = input.positionOf?.(v) ?? [v.lon, v.lat];
    const properties = vehicleProps(input, v);
    parts.push(
      `{"type":"Feature","geometry":{"type":"Point","coordinates":[${lon},${lat}]},` +
        `"properties":${JSON.stringify(properties)}}`,
    );
  }
  return parts.join(',');
}

/** What surrounds `featuresJson` slices to make a FeatureCollection. */
export const COLLECTION_JSON = [
  '{"type":"FeatureCollection","features":[',
  ']}',
] as const;
