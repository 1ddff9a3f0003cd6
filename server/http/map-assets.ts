import type http from 'node:http';
import { buildAnnArborTraces } from '../map/ann-arbor-traces';
import { buildAustinRoutes } from '../map/austin-routes';
import { buildAustinStops } from '../map/austin-stops';
import { buildCounties } from '../map/counties';
import { MAP_PATH_PREFIX, MAP_PATHS } from '../map/ids';
import { buildLand } from '../map/land';
import { lazyJson } from '../map/lazy-asset';
import { servePmtiles } from '../map/pmtiles-route';
import { sendMapError, sendPayload } from '../map/reply';
import { styleRoute, type Report, type Route } from '../map/style-route';

export interface MapAssetsOptions {
  /** The project's `data/` folder (CapMetrics, VED, basemap). */
  dataDir: string;
  /** A local PMTiles v3 archive, served at /map/extract.pmtiles. */
  pmtilesPath?: string;
  /** An operator's own style; /map/style.json then redirects to it. */
  styleUrl?: string;
  /**
   * Raster credit when the archive's metadata has none. Default: a
   * notice that the archive names no source.
   */
  extractAttribution?: string;
  /**
   * Told when an asset cannot be built or the archive cannot be read,
   * so the server's edge can log it. The request still gets an answer.
   */
  onError?: Report;
}

export interface MapAssets {
  /**
   * Answers any request under /map/ and returns true; returns false for
   * other paths so the caller passes the request on. Assets are built
   * on first request, never at start.
   */
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean;
}

/** Data assets change only with a deploy; an hour spares reloads. */
const ASSET_CACHE = 'public, max-age=3600';
const GEOJSON = 'application/geo+json';

export function createMapAssets(opts: MapAssetsOptions): MapAssets {
  const report = opts.onError ?? (() => {});
  const { dataDir, pmtilesPath } = opts;
  const routes = new Map<string, Route>([
    [MAP_PATHS.style, styleRoute(opts, report)],
    [MAP_PATHS.land, asset(() => buildLand())],
    [MAP_PATHS.counties, asset(() => buildCounties(dataDir))],
    [MAP_PATHS.austinRoutes, asset(() => buildAustinRoutes(dataDir))],
    [MAP_PATHS.austinStops, asset(() => buildAustinStops(dataDir))],
    [MAP_PATHS.annArborTraces, asset(() => buildAnnArborTraces(dataDir))],
  ]);
  if (pmtilesPath) {
    const serve: Route = (req, res) => servePmtiles(req, res, pmtilesPath, ASSET_CACHE);
    routes.set(MAP_PATHS.extract, serve);
  }

  return {
    handle(req, res) {
      const path = pathOf(req.url);
      if (!path.startsWith(MAP_PATH_PREFIX)) return false;

      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        sendMapError(
          res,
          'method_not_allowed',
          `${req.method} is not allowed on ${path}`,
        );
        return true;
      }
      const route = routes.get(path);
      if (!route) {
        sendMapError(res, 'not_found', `No map asset at ${path}`);
        return true;
      }

      route(req, res).catch((error: unknown) => {
        report(error, path);
        if (res.headersSent) res.destroy();
        else sendMapError(res, 'internal', `The map asset ${path} is unavailable`);
      });
      return true;
    },
  };
}

function asset(build: () => Promise<unknown>): Route {
  const payload = lazyJson(build, GEOJSON);
  return async (req, res) => sendPayload(req, res, await payload(), ASSET_CACHE);
}

/** The path of a request target, without its query or fragment. */
function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end < 0 ? raw : raw.slice(0, end);
}
