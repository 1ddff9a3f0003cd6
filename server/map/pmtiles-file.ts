import { open, type FileHandle } from 'node:fs/promises';
import { PMTiles, TileType, type Source } from 'pmtiles';

/** What the style needs to know about a local PMTiles v3 archive. */
export interface PmtilesInfo {
  /** `raster` for png/jpeg/webp/avif tiles; `vector` for MVT and MLT. */
  kind: 'raster' | 'vector' | 'unknown';
  /** The image format of raster tiles, as the archive declares it. */
  format: 'png' | 'jpeg' | 'webp' | 'avif' | null;
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  /** The archive metadata's `attribution`, when it has one. */
  attribution: string | null;
}

/** Attribution is shown as HTML; a sane archive never needs more. */
const MAX_ATTRIBUTION_CHARS = 500;

const RASTER_FORMATS: Partial<Record<TileType, PmtilesInfo['format']>> = {
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpeg',
  [TileType.Webp]: 'webp',
  [TileType.Avif]: 'avif',
};

/**
 * Reads the header and metadata of a PMTiles v3 archive on disk, with
 * the `pmtiles` package's own decoder over a local-file source. Throws
 * when the file is missing or not a v3 archive.
 */
export async function readPmtilesInfo(file: string): Promise<PmtilesInfo> {
  const handle = await open(file, 'r');
  try {
    const archive = new PMTiles(localSource(handle, file));
    const header = await archive.getHeader();
    const format = RASTER_FORMATS[header.tileType] ?? null;
    return {
      kind: format ? 'raster' : vectorOrUnknown(header.tileType),
      format,
      minZoom: header.minZoom,
      maxZoom: header.maxZoom,
      bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
      attribution: attributionOf(await archive.getMetadata()),
    };
  } finally {
    await handle.close();
  }
}

function vectorOrUnknown(type: TileType): PmtilesInfo['kind'] {
  return type === TileType.Mvt || type === TileType.Mlt ? 'vector' : 'unknown';
}

function attributionOf(metadata: unknown): string | null {
  if (typeof metadata !== 'object' || metadata === null) return null;
  const value = (metadata as { attribution?: unknown }).attribution;
  if (typeof value !== 'string' || !value.trim()) return null;
  return value.trim().slice(0, MAX_ATTRIBUTION_CHARS);
}

/** A pmtiles `Source` that reads byte ranges of an open local file. */
function localSource(handle: FileHandle, key: string): Source {
  return {
    getKey: () => key,
    async getBytes(offset, length) {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      // Hand over a fresh ArrayBuffer holding exactly the bytes read.
      const data = new Uint8Array(bytesRead);
      data.set(buffer.subarray(0, bytesRead));
      return { data: data.buffer };
    },
  };
}
