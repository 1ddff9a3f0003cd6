import type http from 'node:http';
import { CREDITS } from './credits';
import { MAP_PATHS } from './ids';
import { lazyJson } from './lazy-asset';
import { readPmtilesInfo, type PmtilesInfo } from './pmtiles-file';
import { sendPayload } from './reply';
import { buildStyle } from './style';

export type Route = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => Promise<void>;
export type Report = (error: unknown, path: string) => void;

export interface StyleRouteOptions {
  pmtilesPath?: string;
  styleUrl?: string;
  extractAttribution?: string;
}

/** The style follows the server's settings, so clients always revalidate. */
const STYLE_CACHE = 'no-cache';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Answers /map/style.json: a redirect to the operator's style when one
 * is set, otherwise the offline style, built once on first request.
 */
export function styleRoute(opts: StyleRouteOptions, report: Report): Route {
  const { styleUrl } = opts;
  if (styleUrl) {
    return async (_req, res) => {
      res.writeHead(302, { Location: styleUrl, 'Cache-Control': STYLE_CACHE }).end();
    };
  }

  const style = lazyJson(async () => {
    const extract = await extractInfo(opts.pmtilesPath, report);
    const extractAttribution = opts.extractAttribution ?? CREDITS.extractFallback;
    return buildStyle({ extract, extractAttribution });
  }, JSON_TYPE);
  return async (req, res) => sendPayload(req, res, await style(), STYLE_CACHE);
}

/**
 * The archive's header facts. An unreadable archive is reported and left
 * out, so the offline layers still draw rather than the whole map fail.
 */
async function extractInfo(
  file: string | undefined,
  report: Report,
): Promise<PmtilesInfo | null> {
  if (!file) return null;
  try {
    return await readPmtilesInfo(file);
  } catch (error) {
    report(error, MAP_PATHS.extract);
    return null;
  }
}
