import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { GtfsRtErrorKind } from '../../../lib/protocol';

export interface FetchOptions {
  url: string;
  /** Validators of the previous answer, sent back so an unchanged feed costs nothing. */
  etag?: string;
  lastModified?: string;
  /** Whole exchange, connect to last byte. */
  timeoutMs: number;
  maxBytes: number;
  /** Lets the URL reach loopback and private networks (off by default). */
  allowPrivate: boolean;
}

export type FetchResult =
  | { kind: 'ok'; body: Buffer; etag?: string; lastModified?: string }
  | { kind: 'not_modified' }
  | { kind: 'error'; error: GtfsRtErrorKind; message: string; status?: number };

/**
 * Fetches a feed once. The URL is an admin's, but the request leaves from
 * the server: unless allowed, it may not reach loopback, private,
 * link-local (cloud metadata) or other special addresses. The check runs
 * on the address actually connected to, so a name that resolves
 * differently the second time gains nothing. Redirects are not followed.
 */
export function fetchFeed(opts: FetchOptions): Promise<FetchResult> {
  const url = new URL(opts.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivate && net.isIP(host) && isSpecialAddress(host)) {
    return Promise.resolve(refused(host));
  }
  const get = url.protocol === 'https:' ? https.get : http.get;
  const headers: Record<string, string> = {
    Accept: 'application/x-protobuf, application/octet-stream',
  };
  if (opts.etag) headers['If-None-Match'] = opts.etag;
  if (opts.lastModified) headers['If-Modified-Since'] = opts.lastModified;

  return new Promise((resolve) => {
    const req = get(url, {
      headers,
      signal: AbortSignal.timeout(opts.timeoutMs),
      ...(!opts.allowPrivate && { lookup: publicOnlyLookup }),
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === REFUSED) return resolve(refused(error.message));
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
      const message = timedOut ? `no answer within ${opts.timeoutMs} ms` : error.message;
      resolve({ kind: 'error', error: 'network_error', message });
    });
    req.on('response', (res) => {
      readResponse(res, opts.maxBytes).then(resolve, (error: Error) =>
        resolve({ kind: 'error', error: 'network_error', message: error.message }),
      );
    });
  });
}

async function readResponse(
  res: http.IncomingMessage,
  maxBytes: number,
): Promise<FetchResult> {
  const status = res.statusCode ?? 0;
  if (status === 304) {
    res.resume();
    return { kind: 'not_modified' };
  }
  if (status !== 200) {
    res.resume();
    const hint = status >= 300 && status < 400 ? '; redirects are not followed' : '';
    const message = `the feed answered HTTP ${status}${hint}`;
    return { kind: 'error', error: 'http_error', message, status };
  }
  const tooLarge: FetchResult = {
    kind: 'error',
    error: 'too_large',
    message: `the feed is over ${maxBytes} bytes`,
  };
  if (Number(res.headers['content-length'] ?? 0) > maxBytes) {
    res.destroy();
    return tooLarge;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      res.destroy();
      return tooLarge;
    }
    chunks.push(chunk as Buffer);
  }
  const etag = res.headers.etag;
  const lastModified = res.headers['last-modified'];
  return {
    kind: 'ok',
    body: Buffer.concat(chunks),
    ...(etag !== undefined && { etag }),
    ...(lastModified !== undefined && { lastModified }),
  };
}

const REFUSED = 'ERR_FLEETLIGHT_ADDRESS';

function refused(address: string): FetchResult {
  const message =
    `${address} is a private or special address; ` +
    'set GTFS_RT_ALLOW_PRIVATE=on to poll it';
  return { kind: 'error', error: 'address_refused', message };
}

/**
 * A DNS lookup that fails for special addresses. Node may ask for one
 * address or all of them (happy eyeballs); every answer is checked.
 */
function publicOnlyLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: (
    error: NodeJS.ErrnoException | null,
    address: string | dns.LookupAddress[],
    family?: number,
  ) => void,
): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const special = addresses.find((a) => isSpecialAddress(a.address));
    const first = addresses[0];
    if (special || !first) {
      const refusal = Object.assign(new Error(special?.address ?? hostname), {
        code: REFUSED,
      });
      return callback(refusal, []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, first.address, first.family);
  });
}

const SPECIAL = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  SPECIAL.addSubnet(net4, bits, 'ipv4');
}
for (const [net6, bits] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  SPECIAL.addSubnet(net6, bits, 'ipv6');
}

/** Loopback, private, link-local, multicast and reserved ranges. */
export function isSpecialAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return SPECIAL.check(mapped[1], 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return SPECIAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
