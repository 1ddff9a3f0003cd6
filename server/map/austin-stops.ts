import path from 'node:path';
import { columnIndex, readCsv } from './csv';
import {
  featureCollection,
  toPosition,
  type FeatureCollection,
  type PointGeometry,
  type Position,
} from './geojson';

export const STOPS_FILE = 'capmetro-austin-avl/stops_20160821_20170121.csv';

export interface AustinStop {
  id: string;
  name: string;
  at: Position;
}

/** Every stop with a drawable position; the rest are dropped. */
export async function readAustinStops(dataDir: string): Promise<AustinStop[]> {
  const file = path.join(dataDir, STOPS_FILE);
  const csv = await readCsv(file);
  const names = ['stop_id', 'stop_name', 'stop_lat', 'stop_lon'] as const;
  const col = columnIndex(csv, names, file);

  const stops: AustinStop[] = [];
  for (const row of csv.rows) {
    const id = row[col.stop_id];
    const at = toPosition(Number(row[col.stop_lon]), Number(row[col.stop_lat]));
    if (!id || !at) continue;
    stops.push({ id, name: row[col.stop_name] ?? '', at });
  }
  return stops;
}

/** Stops as points with the properties `stop_id` and `name`. */
export async function buildAustinStops(
  dataDir: string,
): Promise<FeatureCollection<PointGeometry>> {
  const stops = await readAustinStops(dataDir);
  return featureCollection(
    stops.map((stop) => ({
      type: 'Feature',
      properties: { stop_id: stop.id, name: stop.name },
      geometry: { type: 'Point', coordinates: stop.at },
    })),
  );
}
