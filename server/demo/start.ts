import path from 'node:path';
import type { Fleetlight } from '../app';
import { registerFleets, type FleetSpec } from '../db/fleets';
import type { Logger } from '../log';
import {
  loadAustinDay,
  METROBUS,
  METRORAPID,
  splitAustinFleets,
} from '../sources/austin';
import { busiestTime, type Recording } from '../sources/recording';
import { Replayer } from '../sources/replayer';
import { ANN_ARBOR, loadVed } from '../sources/ved';
import { ensureDemoKeys, registerSharedKey, type DemoKeys } from './keys';
import { loadEtaParams } from '../engine/transit/eta-params-file';
import { austinTimetable, ETA_PARAMS_FILE } from './timetable';

export interface Demo {
  fleets: FleetSpec[];
  keys: DemoKeys;
  /** What to print for a person: the dashboard link of each fleet. */
  banner(baseUrl: string): string;
}

/** The recorded day the Austin fleets replay (PROVENANCE.md §1). */
export const AUSTIN_DATE = '2016-12-16';
export const AUSTIN_DAY = `capmetro-austin-avl/vehicle_positions/${AUSTIN_DATE}.csv`;

const MINUTE = 60_000;

/**
 * The demo: real recorded buses and cars, replayed through the same ingest
 * path as live devices. Austin starts at its busiest five minutes; the
 * previous five recorded minutes go out at once so no bus is missing.
 */
export async function startDemo(app: Fleetlight, log: Logger): Promise<Demo> {
  let replaying = false;
  app.ops.addCheck('replay', () => replaying);
  const { config } = app;
  const dir = config.projectDataDir;
  const day = loadAustinDay(path.join(dir, AUSTIN_DAY));
  const austin = splitAustinFleets(day);
  const ved = loadVed(
    path.join(dir, 'ved-ann-arbor/ved_trips.csv'),
    path.join(dir, 'ved-ann-arbor/ved_static_vehicles.csv'),
  );

  const fleets: FleetSpec[] = [
    { ...METRORAPID, timezone: 'America/Chicago' },
    { ...METROBUS, timezone: 'America/Chicago' },
    { ...ANN_ARBOR, timezone: 'America/Detroit' },
  ];
  const vehicles = [...austin.vehicles, ...ved.vehicles].map((v) => ({
    ...v,
    timeScale: config.replaySpeed,
  }));
  await registerFleets(app.db, fleets, vehicles);
  for (const f of fleets) app.state.registerFleet(f);
  for (const v of vehicles) app.state.register(v);

  const fleetIds = fleets.map((f) => f.id);
  const keys = await ensureDemoKeys(app.db, config.dataDir, fleetIds);
  if (config.demoApiKey) await registerSharedKey(app.db, config.demoApiKey, fleetIds);

  const lookup = await austinTimetable(dir, AUSTIN_DATE);
  const eta = loadEtaParams(path.join(dir, ETA_PARAMS_FILE));
  app.engine.useTransit({ lookup, eta }, [METRORAPID.id, METROBUS.id]);

  const cityStart = busiestTime(austin.metrobus, 5 * MINUTE);
  const plays: Array<[Recording, number, number]> = [
    [austin.metrorapid, cityStart, 5 * MINUTE],
    [austin.metrobus, cityStart, 5 * MINUTE],
    [ved.recording, ved.recording.start, 0],
  ];
  const replayers = plays.map(
    ([recording, startAt, preRollMs]) =>
      new Replayer({
        recording,
        speed: config.replaySpeed,
        startAt,
        preRollMs,
        loopGapMs: 2 * MINUTE,
        now: Date.now,
        // Through the gateway like every source, so its health is counted.
        sink: app.sources.gateway.sink('replay', recording.fleetId),
      }),
  );
  for (const r of replayers) r.start();
  replaying = true;
  app.onClose(() => replayers.forEach((r) => r.stop()));

  log.info('demo fleets replaying', {
    speed: config.replaySpeed,
    vehicles: vehicles.length,
    austinStart: new Date(cityStart).toISOString(),
    rejectedRows: day.rejected.length + ved.rejected.length,
    duplicateRows: austin.duplicates,
  });

  return {
    fleets,
    keys,
    banner: (base) => banner(base, fleets, keys, vehicles, config.replaySpeed),
  };
}

function banner(
  base: string,
  fleets: FleetSpec[],
  keys: DemoKeys,
  vehicles: Array<{ fleetId: string }>,
  speed: number,
): string {
  const lines = [
    '',
    `Fleetlight is running at ${base}`,
    '',
    `Demo fleets, replaying recorded traces at ${speed}x speed:`,
  ];
  for (const f of fleets) {
    const n = vehicles.filter((v) => v.fleetId === f.id).length;
    lines.push(`  ${f.name.padEnd(22)} ${String(n).padStart(4)} vehicles`);
    const own = keys[f.id];
    lines.push(`    ${base}/fleet/${f.id}#key=${own?.admin ?? ''}`);
    lines.push(`    wall: ${base}/fleet/${f.id}/wall#key=${own?.dispatcher ?? ''}`);
  }
  lines.push('', 'Stop with Ctrl+C.', '');
  return lines.join('\n');
}
