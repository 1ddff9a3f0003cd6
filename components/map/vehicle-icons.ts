import type { Map as MapLibreMap } from 'maplibre-gl';

export const ARROW_ICON = 'fleetlight-arrow';
export const DOT_ICON = 'fleetlight-dot';

const SIZE = 48;

/**
 * Draws the vehicle icons on a canvas and registers them as SDF images, so
 * the layer can colour them by status and nothing is fetched: the map works
 * with no sprite server.
 */
export function addVehicleIcons(map: MapLibreMap): void {
  if (!map.hasImage(ARROW_ICON)) map.addImage(ARROW_ICON, draw(arrow), { sdf: true });
  if (!map.hasImage(DOT_ICON)) map.addImage(DOT_ICON, draw(dot), { sdf: true });
}

function draw(paint: (ctx: CanvasRenderingContext2D) => void): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Canvas 2D is not available to draw vehicle icons');
  ctx.fillStyle = '#000';
  paint(ctx);
  return ctx.getImageData(0, 0, SIZE, SIZE);
}

/** Points north (up); the layer rotates it by the vehicle's heading. */
function arrow(ctx: CanvasRenderingContext2D): void {
  const c = SIZE / 2;
  ctx.beginPath();
  ctx.moveTo(c, 6);
  ctx.lineTo(SIZE - 10, SIZE - 8);
  ctx.lineTo(c, SIZE - 16);
  ctx.lineTo(10, SIZE - 8);
  ctx.closePath();
  ctx.fill();
}

function dot(ctx: CanvasRenderingContext2D): void {
  ctx.beginPath();
  ctx.arc(SIZE / 2, SIZE / 2, SIZE / 2 - 12, 0, Math.PI * 2);
  ctx.fill();
}
