/** Every [lon, lat] pair found anywhere inside GeoJSON coordinates. */
export function positionsOf(coordinates: unknown): [number, number][] {
  if (!Array.isArray(coordinates)) return [];
  if (typeof coordinates[0] === 'number') {
    return [[coordinates[0], Number(coordinates[1])]];
  }
  return coordinates.flatMap(positionsOf);
}

export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

export function inside([lon, lat]: [number, number], box: Box): boolean {
  return lon >= box.west && lon <= box.east && lat >= box.south && lat <= box.north;
}
