import { afterEach, describe, expect, it } from 'vitest';
import { createMapAssets, type MapAssetsOptions } from '../../../server/http/map-assets';
import { DATA_DIR } from './support/paths';
import { PASSED_ON, serve, type TestServer } from './support/serve';

let server: TestServer | null = null;

async function start(opts: Partial<MapAssetsOptions> = {}): Promise<string> {
  server = await serve(createMapAssets({ dataDir: DATA_DIR, ...opts }));
  return server.url;
}

afterEach(async () => {
  await server?.close();
  server = null;
});

describe('createMapAssets', () => {
  it('passes on a request outside /map/', async () => {
    const url = await start();

    const res = await fetch(`${url}/mapping/style.json`);

    expect(res.status).toBe(PASSED_ON);
  });

  it('answers an unknown path under /map/ with 404 JSON', async () => {
    const url = await start();

    const res = await fetch(`${url}/map/nowhere.json`);

    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'No map asset at /map/nowhere.json' },
    });
  });

  it('refuses other methods with 405 JSON and an Allow header', async () => {
    const url = await start();

    const res = await fetch(`${url}/map/land.geojson`, { method: 'POST' });

    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await res.json()).toEqual({
      error: {
        code: 'method_not_allowed',
        message: 'POST is not allowed on /map/land.geojson',
      },
    });
  });

  it('serves GeoJSON with caching headers and an ETag', async () => {
    const url = await start();

    const res = await fetch(`${url}/map/counties.geojson`);
    const body = (await res.json()) as { type: string; features: unknown[] };

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geo+json');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(13);
  });

  it('answers 304 to an If-None-Match naming the current ETag', async () => {
    const url = await start();
    const first = await fetch(`${url}/map/counties.geojson`);
    const etag = first.headers.get('etag') ?? '';

    const again = await fetch(`${url}/map/counties.geojson`, {
      headers: { 'If-None-Match': etag },
    });

    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const url = await start();

    const res = await fetch(`${url}/map/counties.geojson`, { method: 'HEAD' });

    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(await res.text()).toBe('');
  });

  it('ignores the query string when routing', async () => {
    const url = await start();

    const res = await fetch(`${url}/map/counties.geojson?v=2`);

    expect(res.status).toBe(200);
  });

  it('serves every GeoJSON source its own style names', async () => {
    const url = await start();
    const style = (await (await fetch(`${url}/map/style.json`)).json()) as {
      sources: Record<string, { type: string; data?: string }>;
    };
    const paths = Object.values(style.sources).flatMap((s) => s.data ?? []);

    const statuses = await Promise.all(
      paths.map(async (p) => (await fetch(`${url}${p}`)).status),
    );

    expect(paths).toHaveLength(5);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it("redirects the style to the operator's URL when one is set", async () => {
    const styleUrl = 'https://tiles.example/style.json';
    const url = await start({ styleUrl });

    const res = await fetch(`${url}/map/style.json`, { redirect: 'manual' });

    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(styleUrl);
  });

  it('has no archive path when no archive is configured', async () => {
    const url = await start();

    const res = await fetch(`${url}/map/extract.pmtiles`);

    expect(res.status).toBe(404);
  });

  it('answers 500 JSON and reports when an asset cannot be built', async () => {
    const reported: string[] = [];
    const url = await start({
      dataDir: '/nonexistent-fleetlight-data',
      onError: (_error, path) => reported.push(path),
    });

    const res = await fetch(`${url}/map/austin-stops.geojson`);

    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: {
        code: 'internal',
        message: 'The map asset /map/austin-stops.geojson is unavailable',
      },
    });
    expect(reported).toEqual(['/map/austin-stops.geojson']);
  });
});
