import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { clip } from '../../lib/protocol';
import type { Logger } from '../log';
import type { Verdict } from '../sources/gateway';
import { readOsmandJson, readOsmandParams, type OsmandRead } from '../sources/osmand';
import type { Sources } from '../sources/service';
import { BodyError } from './body';
import { sendError } from './respond';

/** Where OsmAnd requests are taken on the main port. */
export const OSMAND_PATH = '/osmand';

/** One location, or a Traccar Client batch of them, is far below this. */
export const MAX_OSMAND_BODY_BYTES = 64 * 1024;

/**
 * Answers one OsmAnd request (docs/SOURCES.md). 200 with an empty body
 * once the fixes reached ingest, even when its policy refused one (too
 * far in the future, 0,0…): the phone must drop a fix that can never be
 * taken, or it would resend it forever ahead of every newer one. The
 * outcome is in the `Fleetlight-Fix` header and in the source's health.
 * 404 for a device nobody registered and 400 for a request that cannot
 * be read: a phone keeps those and sends them again once set up right.
 */
export function createOsmandHandler(sources: Sources, log: Logger) {
  return async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    let reads: OsmandRead[];
    try {
      reads = await readRequest(req, Date.now());
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      return sendError(res, error.code, error.message);
    }

    const deviceId = reads[0]?.deviceId;
    if (!deviceId) {
      sources.gateway.refuse('osmand', undefined, 'invalid_vehicle');
      return sendError(res, 'invalid_message', 'Send the device id as id');
    }
    const device = sources.devices.get(deviceId);
    if (!device) {
      for (const _ of reads)
        sources.gateway.refuse('osmand', undefined, 'unknown_device');
      log.debug('osmand report from an unregistered device', { device: clip(deviceId) });
      const text =
        `Device ${clip(deviceId)} is not registered; ` +
        'an admin registers it with POST /v1/fleets/{id}/devices';
      return sendError(res, 'not_found', text);
    }

    const unreadable = reads.find((r) => 'refused' in r && !r.final);
    const vehicleId = device.vehicle_id;
    const candidates = reads.map((r) =>
      'refused' in r
        ? { refused: r.refused, vehicleId }
        : { fix: { ...r.fix, vehicleId } },
    );
    const verdicts = await sources.gateway.submit('osmand', device.fleet_id, candidates);
    // Each fix's outcome and reason, on a refusal of the request too.
    res.setHeader('Fleetlight-Fix', verdicts.map(describe).join(', '));
    if (unreadable && 'refused' in unreadable) {
      return sendError(res, 'invalid_message', unreadable.refused.message);
    }
    res.writeHead(200, { 'Content-Length': 0, 'Cache-Control': 'no-store' });
    res.end();
  };
}

/**
 * A listener of its own for OsmAnd, like Traccar's port 5055: every path
 * takes a report, so a phone may be given the bare `http://host:port`.
 */
export function listenOsmand(
  handle: ReturnType<typeof createOsmandHandler>,
  port: number,
  host: string,
  onError: (error: unknown) => void,
): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) sendError(res, 'internal', 'The server failed; try again');
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      const shown = host === '0.0.0.0' ? 'localhost' : host;
      resolve({ server, url: `http://${shown}:${bound}` });
    });
  });
}

async function readRequest(
  req: http.IncomingMessage,
  now: number,
): Promise<OsmandRead[]> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const body = await readText(req);
  const type = req.headers['content-type'] ?? '';
  if (type.includes('json')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new BodyError('malformed_json', 'The request body is not valid JSON');
    }
    return readOsmandJson(json, now);
  }
  // Parameters in the query win; a form post carries them in the body.
  const params = url.searchParams.size > 0 ? url.searchParams : new URLSearchParams(body);
  return [readOsmandParams(params, now)];
}

async function readText(req: http.IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooLarge = () =>
    new BodyError(
      'payload_too_large',
      `The request body is over ${MAX_OSMAND_BODY_BYTES} bytes`,
    );
  if (declared > MAX_OSMAND_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_OSMAND_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(v: Verdict): string {
  return v.status === 'rejected' ? `rejected ${v.code ?? ''}`.trim() : v.status;
}
