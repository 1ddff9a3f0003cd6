import type {
  AlertAction,
  AlertRecord,
  AuditEntry,
  KeyIdentity,
  RuleAuditEntry,
} from '../protocol';
import { callApi, segment } from './client';

/** The most alerts one listing answers (server/db/alerts.ts). */
export const MAX_ALERTS = 500;

export function fetchIdentity(key: string, signal?: AbortSignal): Promise<KeyIdentity> {
  return callApi<KeyIdentity>(key, '/v1/me', signal && { signal });
}

/** The fleet's newest alerts, every status, newest raised first. */
export async function fetchAlerts(
  key: string,
  fleetId: string,
  signal?: AbortSignal,
): Promise<AlertRecord[]> {
  const path = `/v1/fleets/${segment(fleetId)}/alerts?limit=${MAX_ALERTS}`;
  const body = await callApi<{ alerts: AlertRecord[] }>(key, path, signal && { signal });
  return body.alerts;
}

export interface AuditLog {
  entries: AuditEntry[];
  /** Rule changes; absent from servers without alert rules. */
  rule_entries?: RuleAuditEntry[];
}

export function fetchAudit(
  key: string,
  fleetId: string,
  signal?: AbortSignal,
): Promise<AuditLog> {
  const path = `/v1/fleets/${segment(fleetId)}/audit?limit=${MAX_ALERTS}`;
  return callApi<AuditLog>(key, path, signal && { signal });
}

/** Acknowledges or resolves over REST; `requestId` makes a retry harmless. */
export async function postAlertAction(
  key: string,
  alertId: string,
  action: AlertAction,
  body: { note?: string; request_id: string },
): Promise<AlertRecord> {
  const path = `/v1/alerts/${segment(alertId)}/${action}`;
  const answer = await callApi<{ alert: AlertRecord }>(key, path, {
    method: 'POST',
    body,
  });
  return answer.alert;
}
