import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readArea } from './areas';
import {
  featureCollection,
  type AreaGeometry,
  type Feature,
  type FeatureCollection,
} from './geojson';

/** County outlines framing each city, derived from us-atlas. */
export const COUNTY_FILES = [
  'basemap/austin-area-counties.geojson',
  'basemap/ann-arbor-area-counties.geojson',
] as const;

interface RawFeature {
  properties?: Record<string, unknown> | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
}

/**
 * Both cities' counties in one collection, keeping only the `geoid`,
 * `name` and `state` properties.
 */
export async function buildCounties(
  dataDir: string,
): Promise<FeatureCollection<AreaGeometry>> {
  const features: Feature<AreaGeometry>[] = [];
  for (const name of COUNTY_FILES) {
    const file = path.join(dataDir, name);
    const json: unknown = JSON.parse(await readFile(file, 'utf8'));
    features.push(...readCounties(json, file));
  }
  return featureCollection(features);
}

function readCounties(json: unknown, file: string): Feature<AreaGeometry>[] {
  const raw = (json as { features?: unknown } | null)?.features;
  if (!Array.isArray(raw)) throw new Error(`${file}: not a FeatureCollection`);

  const out: Feature<AreaGeometry>[] = [];
  for (const feature of raw as RawFeature[]) {
    const geometry = readArea(feature.geometry);
    if (!geometry) continue;
    const props = feature.properties ?? {};
    out.push({
      type: 'Feature',
      properties: {
        geoid: String(props.geoid ?? ''),
        name: String(props.name ?? ''),
        state: String(props.state ?? ''),
      },
      geometry,
    });
  }
  return out;
}
