import type { Delivery, NewTarget, NotifyTarget } from '../protocol';
import { callApi, segment } from './client';

export function fetchTargets(
  key: string,
  fleetId: string,
  signal?: AbortSignal,
): Promise<{ targets: NotifyTarget[] }> {
  const path = `/v1/fleets/${segment(fleetId)}/notify-targets`;
  return callApi(key, path, signal && { signal });
}

/** A new target; a webhook's signing secret comes with this answer only. */
export function addTarget(
  key: string,
  fleetId: string,
  target: NewTarget,
): Promise<{ target: NotifyTarget; secret?: string }> {
  const path = `/v1/fleets/${segment(fleetId)}/notify-targets`;
  return callApi(key, path, { method: 'POST', body: target });
}

export function deleteTarget(key: string, targetId: string): Promise<unknown> {
  return callApi(key, `/v1/notify-targets/${segment(targetId)}`, { method: 'DELETE' });
}

/** Sends a test notice now; it shows in the delivery log like any other. */
export function testTarget(key: string, targetId: string): Promise<unknown> {
  const path = `/v1/notify-targets/${segment(targetId)}/test`;
  return callApi(key, path, { method: 'POST' });
}

export function fetchDeliveries(
  key: string,
  fleetId: string,
  signal?: AbortSignal,
): Promise<{ deliveries: Delivery[] }> {
  const path = `/v1/fleets/${segment(fleetId)}/deliveries`;
  return callApi(key, path, signal && { signal });
}
