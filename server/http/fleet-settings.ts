import {
  describeSettingsIssue,
  fleetSettingsPatchSchema,
  type FleetSettings,
  type FleetSettingsPatch,
  type FleetSettingsResponse,
} from '../../lib/protocol/fleet-settings';
import { fleetOverride, saveFleetOverride } from '../db/fleet-settings';
import {
  engineSettingsFor,
  fleetSettingsOf,
  mergeSettings,
  settingsConflict,
} from '../engine/fleet-settings';
import { readJson } from './body';
import type { Call, RestDeps, Route } from './rest';
import { sendError, sendJson } from './respond';

const SETTINGS_PATH = /^\/v1\/fleets\/([^/]+)\/settings$/;

/**
 * `GET /v1/fleets/{id}/settings` answers a fleet's detector thresholds as
 * they apply now, defaults included; `PUT` (admin) changes any part of
 * them, keeps the change across restarts and applies it from each
 * vehicle's next fix. A fleet outside the key is answered like an
 * unknown one.
 */
export function fleetSettingsRoutes(deps: RestDeps): Route[] {
  return [
    {
      method: 'GET',
      path: SETTINGS_PATH,
      handle: (call) => getSettings(deps, call),
    },
    {
      method: 'PUT',
      path: SETTINGS_PATH,
      roles: ['admin'],
      handle: (call) => putSettings(deps, call),
    },
  ];
}

async function getSettings(deps: RestDeps, call: Call): Promise<void> {
  const fleetId = call.params[0] ?? '';
  if (!call.principal.fleets.has(fleetId)) return notVisible(call, fleetId);

  const override = await fleetOverride(deps.db, fleetId);
  sendJson(call.res, 200, toResponse(fleetId, effective(deps, override)));
}

async function putSettings(deps: RestDeps, call: Call): Promise<void> {
  const { req, res, principal } = call;
  const fleetId = call.params[0] ?? '';
  if (!principal.fleets.has(fleetId)) return notVisible(call, fleetId);

  const body = fleetSettingsPatchSchema.safeParse(await readJson(req));
  if (!body.success) {
    return sendError(res, 'invalid_message', describeSettingsIssue(body.error));
  }
  const override = mergeSettings(await fleetOverride(deps.db, fleetId), body.data);
  const settings = effective(deps, override);
  const conflict = settingsConflict(settings);
  if (conflict) return sendError(res, 'invalid_message', conflict);

  // Stored first: a change the engine ran with must survive a restart.
  await saveFleetOverride(deps.db, fleetId, override);
  deps.engine.configureFleet(
    fleetId,
    engineSettingsFor(deps.engine.baseSettings, settings),
  );
  sendJson(res, 200, toResponse(fleetId, settings));
}

function effective(deps: RestDeps, override: FleetSettingsPatch): FleetSettings {
  return mergeSettings(fleetSettingsOf(deps.engine.baseSettings), override);
}

function toResponse(fleetId: string, settings: FleetSettings): FleetSettingsResponse {
  return { fleet_id: fleetId, settings };
}

function notVisible(call: Call, fleetId: string): void {
  sendError(call.res, 'not_found', `No fleet ${fleetId} is visible to this key`);
}
