import path from 'node:path';
import { columnIndex, readCsv } from './csv';
import {
  featureCollection,
  samePosition,
  toPosition,
  type Feature,
  type FeatureCollection,
  type LineGeometry,
  type Position,
} from './geojson';

export const VED_TRIPS_FILE = 'ved-ann-arbor/ved_trips.csv';

const COLUMNS = [
  'VehId',
  'Trip',
  'Timestamp(ms)',
  'Latitude[deg]',
  'Longitude[deg]',
] as const;

interface Trace {
  vehicleId: string;
  trip: string;
  fixes: { ms: number; at: Position }[];
}

/**
 * The roads the recorded cars drove: one line per (vehicle, trip)
 * through its GPS fixes in time order. The logger repeats a fix between
 * GPS updates, so repeats are dropped. Properties: `vehicle_id`, `trip`.
 */
export async function buildAnnArborTraces(
  dataDir: string,
): Promise<FeatureCollection<LineGeometry>> {
  const traces = await readTraces(dataDir);

  const features: Feature<LineGeometry>[] = [];
  for (const trace of traces.values()) {
    const line = toLine(trace);
    if (line.length < 2) continue;
    // Only the roads: the basemap is public, so it names no vehicle or trip.
    features.push({
      type: 'Feature',
      properties: {},
      geometry: { type: 'LineString', coordinates: line },
    });
  }
  return featureCollection(features);
}

async function readTraces(dataDir: string): Promise<Map<string, Trace>> {
  const file = path.join(dataDir, VED_TRIPS_FILE);
  const csv = await readCsv(file);
  const col = columnIndex(csv, COLUMNS, file);

  const traces = new Map<string, Trace>();
  for (const row of csv.rows) {
    const vehicleId = row[col.VehId];
    const trip = row[col.Trip];
    const ms = Number(row[col['Timestamp(ms)']]);
    const lon = Number(row[col['Longitude[deg]']]);
    const at = toPosition(lon, Number(row[col['Latitude[deg]']]));
    if (!vehicleId || !trip || !at || !Number.isFinite(ms)) continue;
    const key = `${vehicleId}/${trip}`;
    const trace = traces.get(key) ?? { vehicleId, trip, fixes: [] };
    trace.fixes.push({ ms, at });
    traces.set(key, trace);
  }
  return traces;
}

function toLine(trace: Trace): Position[] {
  const fixes = [...trace.fixes].sort((a, b) => a.ms - b.ms);
  const line: Position[] = [];
  for (const { at } of fixes) {
    const last = line[line.length - 1];
    if (last && samePosition(last, at)) continue;
    line.push(at);
  }
  return line;
}
