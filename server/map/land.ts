import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { readArea } from './areas';
import {
  featureCollection,
  type AreaGeometry,
  type Feature,
  type FeatureCollection,
} from './geojson';

/**
 * Natural Earth land at 1:50m from world-atlas. Its arcs are quantized
 * to steps of about 0.0036°, so four decimals lose nothing.
 */
const LAND_TOPOLOGY = 'world-atlas/land-50m.json';
const LAND_DIGITS = 4;

/** World land polygons decoded from TopoJSON into plain GeoJSON. */
export async function buildLand(): Promise<FeatureCollection<AreaGeometry>> {
  const file = createRequire(import.meta.url).resolve(LAND_TOPOLOGY);
  const topology = JSON.parse(await readFile(file, 'utf8')) as Topology;
  const land = topology.objects.land;
  if (!land) throw new Error(`${LAND_TOPOLOGY}: no "land" object`);

  const decoded = feature(topology, land);
  const raw = 'features' in decoded ? decoded.features : [decoded];

  const features: Feature<AreaGeometry>[] = [];
  for (const item of raw) {
    const geometry = readArea(item.geometry, LAND_DIGITS);
    if (geometry) features.push({ type: 'Feature', properties: {}, geometry });
  }
  return featureCollection(features);
}
