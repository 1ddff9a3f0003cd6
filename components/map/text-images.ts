import type { Map as MapLibreMap, MapStyleImageMissingEvent } from 'maplibre-gl';

/**
 * Text drawn as images. The offline style has no glyphs, so labels and
 * cluster counts are images named after their text ("fleetlight-label:Bus
 * 5012"), drawn on a canvas the first time MapLibre asks for one: only
 * the texts actually on screen are ever drawn. Symbol collision then
 * declutters them like text.
 */
export const LABEL_IMAGE = 'fleetlight-label:';
export const COUNT_IMAGE = 'fleetlight-count:';

const RATIO = 2;
const FONT = '600 12px system-ui, sans-serif';

/** Answers the map's requests for text images; returns the unsubscribe. */
export function drawTextImages(map: MapLibreMap): () => void {
  const onMissing = (e: MapStyleImageMissingEvent) => {
    if (map.hasImage(e.id)) return;
    if (e.id.startsWith(LABEL_IMAGE)) {
      const image = label(e.id.slice(LABEL_IMAGE.length));
      if (image) map.addImage(e.id, image, { pixelRatio: RATIO });
    } else if (e.id.startsWith(COUNT_IMAGE)) {
      const image = count(e.id.slice(COUNT_IMAGE.length));
      if (image) map.addImage(e.id, image, { pixelRatio: RATIO });
    }
  };
  map.on('styleimagemissing', onMissing);
  return () => map.off('styleimagemissing', onMissing);
}

/** Dark text in a white pill, readable over any basemap. */
function label(text: string): ImageData | undefined {
  return paint(text, 6, (ctx, w, h) => {
    ctx.fillStyle = 'rgba(255, 255, 255, 0.92)';
    ctx.strokeStyle = 'rgba(31, 35, 40, 0.25)';
    ctx.beginPath();
    ctx.roundRect(0.5, 0.5, w - 1, h - 1, h / 2);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = '#1f2328';
  });
}

/** White text; the cluster circle behind it gives the colour. */
function count(text: string): ImageData | undefined {
  return paint(text, 0, (ctx) => {
    ctx.fillStyle = '#ffffff';
  });
}

function paint(
  text: string,
  pad: number,
  background: (ctx: CanvasRenderingContext2D, w: number, h: number) => void,
): ImageData | undefined {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  ctx.font = FONT;
  const w = Math.ceil(ctx.measureText(text).width) + 2 * pad + 2;
  const h = 18;
  canvas.width = w * RATIO;
  canvas.height = h * RATIO;
  ctx.scale(RATIO, RATIO);
  background(ctx, w, h);
  ctx.font = FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, w / 2, h / 2 + 0.5);
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}
