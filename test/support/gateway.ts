import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registerFleets } from '../../server/db/fleets';
import { openDatabase, type Db } from '../../server/db/open';
import { PositionWriter } from '../../server/db/positions';
import { FleetState } from '../../server/fleet/fleet-state';
import type { VehicleState } from '../../server/fleet/vehicle-state';
import { Ingest, type IngestPolicy } from '../../server/ingest/ingest';
import { IngestGateway } from '../../server/sources/gateway';
import { SourceMonitor } from '../../server/sources/health';
import { dropDataDirDatabase, testDatabaseUrl } from './database';

/** A gateway over a real database and fleet state, fleets f1 and f2. */
export interface GatewayRig {
  db: Db;
  state: FleetState;
  ingest: Ingest;
  gateway: IngestGateway;
  monitor: SourceMonitor;
  published: VehicleState[];
  close(): Promise<void>;
}

export async function gatewayRig(
  opts: { maxFleetVehicles?: number; now?: () => number; policy?: IngestPolicy } = {},
): Promise<GatewayRig> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-gateway-'));
  const db = await openDatabase({
    dataDir: dir,
    databaseUrl: await testDatabaseUrl(dir),
  });
  const fleets = ['f1', 'f2'].map((id) => ({ id, name: id, timezone: 'UTC' }));
  await registerFleets(db, fleets, []);
  const state = new FleetState();
  for (const f of fleets) state.registerFleet(f);

  const writer = new PositionWriter(db);
  const published: VehicleState[] = [];
  const ingest = new Ingest({
    state,
    store: (fix, odometer, at) => writer.add(fix, odometer, at),
    onCurrent: (s) => published.push(s),
    ...(opts.now && { now: opts.now }),
    ...(opts.policy && { policy: opts.policy }),
  });
  const monitor = new SourceMonitor(opts.now);
  const gateway = new IngestGateway({
    db,
    state,
    ingest,
    monitor,
    flush: () => writer.flush(),
    maxFleetVehicles: opts.maxFleetVehicles ?? 100,
  });
  return {
    db,
    state,
    ingest,
    gateway,
    monitor,
    published,
    async close() {
      await writer.flush();
      await db.destroy();
      await dropDataDirDatabase(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
