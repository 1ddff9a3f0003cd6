import type { AlertRule, AlertRuleList, AlertRulePatch } from '../protocol';
import { callApi, segment } from './client';

function rulesPath(fleetId: string, category?: string): string {
  const base = `/v1/fleets/${segment(fleetId)}/alert-rules`;
  return category === undefined ? base : `${base}/${segment(category)}`;
}

export async function fetchRules(
  key: string,
  fleetId: string,
  signal?: AbortSignal,
): Promise<AlertRule[]> {
  const list = await callApi<AlertRuleList>(
    key,
    rulesPath(fleetId),
    signal && { signal },
  );
  return list.rules;
}

/** Changes the fields sent; the others keep their values. */
export function saveRule(
  key: string,
  fleetId: string,
  category: string,
  patch: AlertRulePatch,
): Promise<unknown> {
  return callApi(key, rulesPath(fleetId, category), { method: 'PUT', body: patch });
}

/** Back to the category's default. */
export function resetRule(
  key: string,
  fleetId: string,
  category: string,
): Promise<unknown> {
  return callApi(key, rulesPath(fleetId, category), { method: 'DELETE' });
}
