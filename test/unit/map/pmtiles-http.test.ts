import { readFileSync } from 'node:fs';
import { PMTiles } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMapAssets } from '../../../server/http/map-assets';
import { readPmtilesInfo } from '../../../server/map/pmtiles-file';
import { DATA_DIR, SAMPLE_PMTILES } from './support/paths';
import { serve, type TestServer } from './support/serve';

const ARCHIVE = readFileSync(SAMPLE_PMTILES);
const SIZE = ARCHIVE.length;
const STAMEN = 'Tiles by Stamen Design (CC BY 3.0); data by OpenStreetMap (ODbL)';

let server: TestServer;
let extractUrl: string;

beforeAll(async () => {
  const assets = createMapAssets({
    dataDir: DATA_DIR,
    pmtilesPath: SAMPLE_PMTILES,
    extractAttribution: STAMEN,
  });
  server = await serve(assets);
  extractUrl = `${server.url}/map/extract.pmtiles`;
});

afterAll(async () => {
  await server.close();
});

const ranged = (range: string) => fetch(extractUrl, { headers: { Range: range } });

describe('/map/extract.pmtiles', () => {
  it('answers a header range with 206 and the exact bytes', async () => {
    const res = await ranged('bytes=0-126');
    const body = Buffer.from(await res.arrayBuffer());

    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-126/${SIZE}`);
    expect(res.headers.get('content-length')).toBe('127');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(body.equals(ARCHIVE.subarray(0, 127))).toBe(true);
  });

  it('answers a range in the middle with the exact bytes', async () => {
    const res = await ranged('bytes=400000-400999');
    const body = Buffer.from(await res.arrayBuffer());

    expect(res.status).toBe(206);
    expect(body.equals(ARCHIVE.subarray(400_000, 401_000))).toBe(true);
  });

  it('answers a suffix range with the last bytes', async () => {
    const res = await ranged('bytes=-16');
    const body = Buffer.from(await res.arrayBuffer());

    expect(res.headers.get('content-range')).toBe(
      `bytes ${SIZE - 16}-${SIZE - 1}/${SIZE}`,
    );
    expect(body.equals(ARCHIVE.subarray(SIZE - 16))).toBe(true);
  });

  it('answers a range past the end with 416 JSON', async () => {
    const res = await ranged(`bytes=${SIZE}-${SIZE + 10}`);

    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${SIZE}`);
    expect(await res.json()).toEqual({
      error: {
        code: 'range_not_satisfiable',
        message: `Range is outside the ${SIZE}-byte archive`,
      },
    });
  });

  it('sends the whole archive without a Range header', async () => {
    const res = await fetch(extractUrl);
    const body = Buffer.from(await res.arrayBuffer());

    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(body.equals(ARCHIVE)).toBe(true);
  });

  it('sends the whole archive when If-Range names another version', async () => {
    const res = await fetch(extractUrl, {
      headers: { Range: 'bytes=0-9', 'If-Range': '"stale"' },
    });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(SIZE));
    await res.body?.cancel();
  });

  it('answers HEAD with the length and no body', async () => {
    const res = await fetch(extractUrl, { method: 'HEAD' });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(SIZE));
    expect(await res.text()).toBe('');
  });

  it('is readable by the pmtiles client over HTTP', async () => {
    const archive = new PMTiles(extractUrl);

    const header = await archive.getHeader();
    const tile = await archive.getZxy(0, 0, 0);
    const png = new Uint8Array(tile?.data ?? new ArrayBuffer(0)).subarray(0, 4);

    expect([header.minZoom, header.maxZoom]).toEqual([0, 3]);
    expect([...png]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});

describe('the style with a raster archive', () => {
  it("adds a raster source with the header's zoom range", async () => {
    const res = await fetch(`${server.url}/map/style.json`);
    const style = (await res.json()) as { sources: Record<string, unknown> };

    expect(style.sources['fl-extract']).toEqual({
      type: 'raster',
      url: 'pmtiles:///map/extract.pmtiles',
      tileSize: 256,
      minzoom: 0,
      maxzoom: 3,
      bounds: [-180, -85, 180, 85],
      attribution: STAMEN,
    });
  });
});

describe('readPmtilesInfo', () => {
  it('reads the kind, zoom range and bounds from the header', async () => {
    expect(await readPmtilesInfo(SAMPLE_PMTILES)).toEqual({
      kind: 'raster',
      format: 'png',
      minZoom: 0,
      maxZoom: 3,
      bounds: [-180, -85, 180, 85],
      attribution: null,
    });
  });

  it('throws for a file that is not there', async () => {
    await expect(readPmtilesInfo('/nonexistent.pmtiles')).rejects.toThrow(/ENOENT/);
  });
});
