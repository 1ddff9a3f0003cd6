import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SafetyAlert } from '../../../lib/protocol';
import { listAlerts } from '../../../server/db/alerts';
import { registerFleets } from '../../../server/db/fleets';
import { mirrorAlert } from '../../../server/db/mirrored-alerts';
import { openDatabase, type Db } from '../../../server/db/open';

const FLEET = 'fleet-1';

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-mirror-'));
  db = await openDatabase({ dataDir: dir });
  await registerFleets(db, [{ id: FLEET, name: 'Fleet', timezone: 'UTC' }], []);
});

afterEach(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An alert as an upstream Fleetlight streams it. */
function relayed(payload: Partial<SafetyAlert['payload']> = {}): SafetyAlert {
  return {
    type: 'safety_alert',
    id: 'upstream-epoch-fleet-1-7',
    seq: 7,
    timestamp: '2026-03-10T10:00:00.000Z',
    channel: 'alerts',
    payload: {
      alert_id: 'alert_upstream-1',
      severity: 'high',
      category: 'harsh_braking',
      vehicle_id: 'car-1',
      fleet_id: FLEET,
      location: { latitude: 42.28, longitude: -83.74 },
      event_data: { peak_g: 0.62 },
      recommended_actions: ['Review the drive'],
      auto_resolved: false,
      status: 'active',
      occurrences: 1,
      raised_at: '2026-03-10T10:00:00.000Z',
      last_seen_at: '2026-03-10T10:00:00.000Z',
      escalation_level: 0,
      escalate_at: '2026-03-10T10:05:00.000Z',
      ...payload,
    },
  };
}

describe('mirrorAlert', () => {
  it('stores a new alert under the upstream id, with no escalation planned', async () => {
    expect(await mirrorAlert(db, relayed())).toBe(true);

    const [stored] = await listAlerts(db, FLEET, { limit: 10 });
    expect(stored).toMatchObject({
      alert_id: 'alert_upstream-1',
      status: 'active',
      severity: 'high',
      event_data: { peak_g: 0.62 },
    });
    expect(stored?.escalate_at).toBeUndefined();
  });

  it('answers false for a copy it already holds', async () => {
    await mirrorAlert(db, relayed());

    // As a reset's snapshot carries it: another id, no seq.
    const { seq: _seq, ...snapshot } = { ...relayed(), id: 'stored-alert_upstream-1' };

    expect(await mirrorAlert(db, snapshot)).toBe(false);
  });

  it('takes a later state of the same alert', async () => {
    await mirrorAlert(db, relayed());
    const acked = relayed({
      status: 'acknowledged',
      acknowledged_by: 'key-9',
      acknowledged_at: '2026-03-10T10:01:00.000Z',
    });

    expect(await mirrorAlert(db, acked)).toBe(true);
    const all = await listAlerts(db, FLEET, { limit: 10 });
    expect(all.map((a) => [a.alert_id, a.status, a.acknowledged_by])).toEqual([
      ['alert_upstream-1', 'acknowledged', 'key-9'],
    ]);
  });
});
