import { storeApiKey } from '../../server/auth/api-keys';
import { registerFleets } from '../../server/db/fleets';
import { engineAlert } from './alerts';
import { startServer, type TestServer } from './server';

export const QUIET_FLEET = 'fleet-q';
export const QUIET_KEY = 'flk_quiet-fleet-admin-key-000000000';

/**
 * A server without the demo, so nothing streams but what a test raises:
 * one fleet, one admin key. `env` adds settings (replay limits…).
 */
export async function startQuietServer(env: Record<string, string> = {}) {
  const server = await startServer({ DEMO: 'off', ...env });
  const fleet = { id: QUIET_FLEET, name: 'Quiet fleet', timezone: 'UTC' };
  await registerFleets(server.app.db, [fleet], []);
  await storeApiKey(server.app.db, QUIET_KEY, {
    role: 'admin',
    label: 'quiet',
    fleets: [QUIET_FLEET],
  });
  return server;
}

/**
 * Raises a new, high alert on its own vehicle and resolves once it is
 * stored and broadcast; answers the alert's id.
 */
export async function raiseAlert(server: TestServer, n: number): Promise<string> {
  const message = engineAlert(QUIET_FLEET, `veh-${n}`, { severity: 'high' });
  const stored = await server.app.alerts.raise(message);
  if (!stored) throw new Error(`alert ${n} was not stored`);
  return stored.alert_id;
}
