import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFleetlight, type Fleetlight } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';
import { keyOf, startServer, type TestServer } from '../support/server';

let withPages: Fleetlight;
let pagesBase: string;
let dataDir: string;
let demo: TestServer;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'off',
    DATA_DIR: dataDir,
    PUBLIC_URL: 'https://fleet.example.com',
    MAP_STYLE_URL: 'https://tiles.example.org/styles/dark.json',
  });
  // A stand-in for Next: the headers are set before it answers.
  const web = {
    handle: async (_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html>');
    },
  };
  withPages = await createFleetlight(config, createLogger('silent'), web);
  pagesBase = await withPages.listen();
  demo = await startServer();
});

afterAll(async () => {
  await withPages.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  await demo.close();
});

describe('a dashboard page', () => {
  it('carries a policy that allows MapLibre and the map style host, and nothing else', async () => {
    const res = await fetch(`${pagesBase}/fleets/ann-arbor`);

    expect(res.headers.get('content-security-policy')).toBe(
      [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https://tiles.example.org",
        "font-src 'self' data:",
        "connect-src 'self' blob: https://tiles.example.org",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
  });

  it('opts out of unused features, shares no window and insists on https', async () => {
    const res = await fetch(`${pagesBase}/`);

    expect(res.headers.get('permissions-policy')).toBe(
      'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    );
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('an API answer', () => {
  it('is never sniffed nor stored when authenticated', async () => {
    const res = await fetch(`${demo.base}/v1/me`, {
      headers: { Authorization: `Bearer ${keyOf(demo, 'ann-arbor')}` },
    });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('is never sniffed nor stored when refused', async () => {
    const res = await fetch(`${pagesBase}/v1/fleets`);

    expect(res.status).toBe(401);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('carries no page policy and no HSTS without an https PUBLIC_URL', async () => {
    const res = await fetch(`${demo.base}/v1/fleets`);

    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});
