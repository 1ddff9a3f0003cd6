// `npx tsx scripts/gps-policy-report.ts [DATA_DIR]`: plays the shipped
// recordings through the ingest policy, each vehicle's fixes in time
// order and moved to end a second ago, and prints what the policy did
// with them: the figures under "Bad GPS data" in docs/RELIABILITY.md.
import fs from 'node:fs';
import path from 'node:path';
import { FleetState } from '../server/fleet/fleet-state';
import { Ingest } from '../server/ingest/ingest';
import { loadAustinDay } from '../server/sources/austin';
import type { RecordedFix } from '../server/sources/recording';
import { loadVed } from '../server/sources/ved';

const ROOT = path.resolve(import.meta.dirname, '..');

function report(name: string, recorded: readonly RecordedFix[]): string {
  const fixes = [...recorded].sort((a, b) => a.recordedTime - b.recordedTime);
  const now = Date.now();
  const last = fixes.at(-1)?.recordedTime ?? now;
  const shift = now - 1000 - last;
  const state = new FleetState();
  const ingest = new Ingest({
    state,
    store: () => {},
    onCurrent: () => {},
    now: () => now,
  });

  for (const { fix, recordedTime } of fixes) {
    if (!state.vehicle(fix.vehicleId)) {
      state.register({ id: fix.vehicleId, fleetId: 'report', label: '', timeScale: 1 });
    }
    ingest.accept({ ...fix, deviceTime: recordedTime + shift });
  }
  const reasons = [...ingest.rejectedBy].map(([r, n]) => `${r} ${n}`).join(', ');
  const { current, late, duplicate, rejected } = ingest.counts;
  return (
    `| ${name} | ${fixes.length} | ${current} | ${late} | ${duplicate} | ` +
    `${rejected}${reasons === '' ? '' : ` (${reasons})`} |`
  );
}

function main(): void {
  const dataDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'data'));
  const austinDir = path.join(dataDir, 'capmetro-austin-avl', 'vehicle_positions');
  const rows = [
    '| recording | fixes | current | late | duplicate | rejected |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const file of fs
    .readdirSync(austinDir)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    const day = loadAustinDay(path.join(austinDir, file));
    rows.push(report(`CapMetro ${file.replace('.csv', '')}`, day.fixes));
  }
  const ved = loadVed(path.join(dataDir, 'ved-ann-arbor', 'ved_trips.csv'));
  rows.push(report('VED Ann Arbor', ved.recording.fixes));
  console.log(rows.join('\n'));
}

main();
