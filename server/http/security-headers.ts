import type http from 'node:http';

export interface SecurityHeaderOptions {
  /** An external map style; its host serves the style, tiles, glyphs and sprites. */
  mapStyleUrl?: string | undefined;
  /** The public URL; when it is https, browsers are told to stay on https. */
  publicUrl?: string | undefined;
  /** Next's development mode, whose React refresh evaluates strings. */
  dev?: boolean;
}

export interface SecurityHeaders {
  /** Set on every answer of this server, pages and API alike. */
  all(res: http.ServerResponse): void;
  /** Set on the dashboard's pages, before Next answers. */
  page(res: http.ServerResponse): void;
}

/** A year, the usual HSTS lifetime; subdomains are left to their owner. */
const HSTS = 'max-age=31536000';

/** Browser features the dashboard never asks for. */
const PERMISSIONS = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/**
 * The headers that tell a browser what our pages may do. The policy is
 * what the app needs and no more:
 * - Next's bootstrap and data are inline scripts without nonces, hence
 *   'unsafe-inline' for scripts; a nonce would cost every page its static
 *   rendering. Styles likewise (Next and MapLibre set inline styles).
 * - MapLibre runs its workers from blob: URLs, and draws images from data:
 *   and blob: URLs that it first fetches (so connect-src has blob: too).
 * - connect-src 'self' covers fetch, Socket.IO and Bookovia sockets on the
 *   same host (CSP Level 3 matches ws: and wss: to 'self').
 */
export function createSecurityHeaders(opts: SecurityHeaderOptions): SecurityHeaders {
  const csp = contentSecurityPolicy(opts);
  const hsts = opts.publicUrl?.startsWith('https://') === true;
  return {
    all(res) {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (hsts) res.setHeader('Strict-Transport-Security', HSTS);
    },
    page(res) {
      res.setHeader('Content-Security-Policy', csp);
      res.setHeader('Permissions-Policy', PERMISSIONS);
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    },
  };
}

export function contentSecurityPolicy(opts: SecurityHeaderOptions): string {
  const map = opts.mapStyleUrl === undefined ? [] : [new URL(opts.mapStyleUrl).origin];
  const scripts = ["'self'", "'unsafe-inline'", ...(opts.dev ? ["'unsafe-eval'"] : [])];
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', scripts],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:', ...map]],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", 'blob:', ...map]],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}
