import type { Quarantine, QuarantineView } from '../ingest/quarantine';
import type { Call, RestDeps, Route } from './rest';
import { sendError, sendJson } from './respond';
import { visibleFleet } from './sources';

/** The answer of both routes; `device_id` when asked by device. */
export interface QuarantineAnswer extends QuarantineView {
  fleet_id: string;
  device_id?: string;
}

/**
 * What ingest refused, held back or repaired for one vehicle
 * (docs/RELIABILITY.md, "Bad GPS data"), for admins: asked by vehicle,
 * or by a registered device. A fleet, vehicle or device outside the
 * key's fleets is answered like an unknown one.
 */
export function quarantineRoutes(deps: RestDeps & { quarantine: Quarantine }): Route[] {
  const roles = ['admin'] as const;
  return [
    {
      method: 'GET',
      path: /^\/v1\/fleets\/([^/]+)\/vehicles\/([^/]+)\/quarantine$/,
      roles,
      handle: (call) => byVehicle(deps, call),
    },
    {
      method: 'GET',
      path: /^\/v1\/fleets\/([^/]+)\/devices\/([^/]+)\/quarantine$/,
      roles,
      handle: (call) => byDevice(deps, call),
    },
  ];
}

async function byVehicle(
  deps: RestDeps & { quarantine: Quarantine },
  call: Call,
): Promise<void> {
  const fleetId = visibleFleet(call);
  if (fleetId === undefined) return;
  const vehicleId = call.params[1] ?? '';
  if (deps.state.fleetOf(vehicleId) !== fleetId) {
    const text = `No vehicle ${vehicleId} in fleet ${fleetId} is visible to this key`;
    return sendError(call.res, 'not_found', text);
  }
  const answer: QuarantineAnswer = {
    fleet_id: fleetId,
    ...deps.quarantine.view(vehicleId),
  };
  sendJson(call.res, 200, answer);
}

async function byDevice(
  deps: RestDeps & { quarantine: Quarantine },
  call: Call,
): Promise<void> {
  const fleetId = visibleFleet(call);
  if (fleetId === undefined) return;
  const deviceId = call.params[1] ?? '';
  const device = deps.sources.devices.get(deviceId);
  if (!device || device.fleet_id !== fleetId) {
    const text = `No device ${deviceId} in fleet ${fleetId} is visible to this key`;
    return sendError(call.res, 'not_found', text);
  }
  const answer: QuarantineAnswer = {
    fleet_id: fleetId,
    device_id: deviceId,
    ...deps.quarantine.view(device.vehicle_id),
  };
  sendJson(call.res, 200, answer);
}
