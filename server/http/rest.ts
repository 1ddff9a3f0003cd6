import type http from 'node:http';
import { z } from 'zod';
import { driverStatusSchema, type KeyIdentity, type Role } from '../../lib/protocol';
import type { AlertDesk } from '../alerts/desk';
import type { NotifyService } from '../alerts/notifier';
import type { Principal } from '../auth/api-keys';
import { listFleets } from '../db/fleets';
import type { Db } from '../db/open';
import type { Engine } from '../engine/engine';
import type { FleetState } from '../fleet/fleet-state';
import type { Quarantine } from '../ingest/quarantine';
import type { Sources } from '../sources/service';
import { alertRuleRoutes } from './alert-rules';
import { alertRoutes } from './alerts';
import { BodyError, readJson } from './body';
import { fleetSettingsRoutes } from './fleet-settings';
import { historyRoutes } from './history';
import { apiKeyRoutes } from './keys';
import { notifyRoutes } from './notify';
import { planRoutes } from './plans';
import { quarantineRoutes } from './quarantine';
import { sourceRoutes } from './sources';
import { bearerKey, sendError, sendJson } from './respond';
import { trackRoutes } from './tracks';
import { tripRouteRoutes } from './trip-route';
import { wallTokenRoutes } from './wall-tokens';

export interface RestDeps {
  db: Db;
  state: FleetState;
  engine: Engine;
  alerts: AlertDesk;
  notifier: NotifyService;
  /** Devices, ingest keys, feeds, imports and their health. */
  sources: Sources;
  /** What ingest refused per vehicle; the routes are absent without it. */
  quarantine?: Quarantine;
  authenticate: (key: string) => Promise<Principal | null>;
  /** Seconds a rotated key's old secret keeps working (KEY_ROTATE_GRACE_S). */
  keyRotateGraceS?: number;
  /**
   * Key `keyId` was just revoked or rotated here: forget what was cached
   * of it and end the live streams its dead secrets hold.
   */
  keyChanged?: (keyId: string) => void;
}

export interface Call {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  principal: Principal;
  params: string[];
}

export interface Route {
  method: string;
  path: RegExp;
  /** Roles allowed; every role when absent. */
  roles?: readonly Role[];
  handle(call: Call): Promise<void>;
}

const driverStatusBody = z.object({ status: driverStatusSchema });

/**
 * The REST API under /v1. Every route needs `Authorization: Bearer <key>`;
 * a missing or bad key is a 401 with a JSON error, never a 200. A fleet or
 * vehicle the key may not see is answered exactly like an unknown one.
 */
export function createRestApi(deps: RestDeps) {
  const routes: Route[] = [
    {
      method: 'GET',
      path: /^\/v1\/me$/,
      async handle({ res, principal }) {
        const me: KeyIdentity = {
          key_id: principal.keyId,
          role: principal.role,
          fleets: [...principal.fleets].sort(),
        };
        sendJson(res, 200, me);
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/fleets$/,
      async handle({ res, principal }) {
        sendJson(res, 200, { fleets: await listFleets(deps.db, principal.fleets) });
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/fleets\/([^/]+)\/metrics$/,
      async handle({ res, principal, params: [fleetId = ''] }) {
        if (!principal.fleets.has(fleetId)) {
          return sendError(
            res,
            'not_found',
            `No fleet ${fleetId} is visible to this key`,
          );
        }
        sendJson(res, 200, {
          fleet_id: fleetId,
          metrics: deps.engine.metricsHistory(fleetId),
        });
      },
    },
    {
      method: 'PUT',
      path: /^\/v1\/vehicles\/([^/]+)\/driver-status$/,
      roles: ['dispatcher', 'admin'],
      async handle({ req, res, principal, params: [vehicleId = ''] }) {
        const fleetId = deps.state.fleetOf(vehicleId);
        if (!fleetId || !principal.fleets.has(fleetId)) {
          return sendError(
            res,
            'not_found',
            `No vehicle ${vehicleId} is visible to this key`,
          );
        }
        const body = driverStatusBody.safeParse(await readJson(req));
        if (!body.success) {
          const text = 'Send {"status": "driving" | "idle" | "on_break" | "off_duty"}';
          return sendError(res, 'invalid_message', text);
        }
        if (!deps.engine.setDriverStatus(vehicleId, body.data.status)) {
          return sendError(res, 'not_found', `Vehicle ${vehicleId} has not reported yet`);
        }
        sendJson(res, 200, {
          vehicle_id: vehicleId,
          status: body.data.status,
          source: 'manual',
        });
      },
    },
    ...planRoutes(deps),
    ...fleetSettingsRoutes(deps),
    ...trackRoutes(deps),
    ...historyRoutes(deps),
    ...tripRouteRoutes(deps),
    ...alertRoutes(deps),
    ...alertRuleRoutes(deps),
    ...notifyRoutes(deps),
    ...sourceRoutes(deps),
    ...wallTokenRoutes(deps),
    ...apiKeyRoutes(deps),
    ...(deps.quarantine
      ? quarantineRoutes({ ...deps, quarantine: deps.quarantine })
      : []),
  ];

  return async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/v1/')) return false;
    if (url.pathname.startsWith('/v1/streaming/')) return false;

    const pathname = url.pathname.replace(/\/$/, '');
    const matching = routes.filter((r) => r.path.test(pathname));
    const route = matching.find((r) => r.method === req.method);
    if (!route) {
      sendError(res, 'not_found', `No route ${req.method} ${url.pathname}`);
      return true;
    }
    const key = bearerKey(req);
    if (!key) {
      sendError(res, 'missing_api_key', 'Send your key as Authorization: Bearer <key>');
      return true;
    }
    const principal = await deps.authenticate(key);
    if (!principal) {
      if (await deps.sources.isIngestKey(key)) {
        const text = 'An ingest key may only send positions (POST /v1/ingest/positions)';
        sendError(res, 'role_forbidden', text);
        return true;
      }
      sendError(res, 'invalid_api_key', 'The API key is unknown or revoked');
      return true;
    }
    if (route.roles && !route.roles.includes(principal.role)) {
      sendError(res, 'role_forbidden', `The ${principal.role} role may not do this`);
      return true;
    }
    const params = (route.path.exec(pathname) ?? []).slice(1).map(decodeSegment);
    try {
      await route.handle({ req, res, principal, params });
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      sendError(res, error.code, error.message);
    }
    return true;
  };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
