/**
 * Whether the wall display survives a day: runs it in Chromium against a
 * demo server replaying fast and watches its heap, DOM and listeners.
 *
 * It starts `server/main.ts` (the dashboard built by `next build` if it
 * is not yet) on 127.0.0.1 with a fresh data directory, opens the wall of
 * BENCH_FLEET at 1920×1080 rotating every BENCH_ROTATE_S seconds, and
 * every BENCH_SAMPLE_S seconds forces a garbage collection over CDP
 * (HeapProfiler.collectGarbage) and reads the JS heap
 * (Runtime.getHeapUsage) and the DOM counters (Memory.getDOMCounters:
 * nodes, event listeners). Every BENCH_ALARM_S seconds a car brakes hard
 * through the HTTP ingest, which raises a critical alert; an admin
 * resolves every urgent alert 20 s after it was raised, so the wall goes
 * through alarms and back to rotating all along.
 *
 * Sampling starts after BENCH_WARMUP_S, once the page has loaded its
 * code, tiles and first alerts. The verdict compares the mean of the
 * first quarter of samples with the last quarter's: flat is within ±10 %.
 *
 *   npm run bench:wall
 *   # BENCH_MINUTES (10), BENCH_SAMPLE_S (30), BENCH_ROTATE_S (10),
 *   # BENCH_REPLAY_SPEED (60), BENCH_FLEET (austin-metrorapid), BENCH_PORT (3741),
 *   # BENCH_WARMUP_S (60), BENCH_ALARM_S (120)
 *
 * Results: docs/BENCHMARKS.md, "Wall display soak".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import type { AlertRecord } from '../lib/protocol';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const FLAT_PERCENT = 10;

function readNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new RangeError(`${name} must be a number from ${min} to ${max}`);
  }
  return n;
}

const MINUTES = readNumber('BENCH_MINUTES', 10, 0.5, 24 * 60);
const SAMPLE_S = readNumber('BENCH_SAMPLE_S', 30, 5, 3600);
const ROTATE_S = readNumber('BENCH_ROTATE_S', 10, 5, 600);
const REPLAY_SPEED = readNumber('BENCH_REPLAY_SPEED', 60, 1, 1000);
const PORT = readNumber('BENCH_PORT', 3741, 1, 65535);
const WARMUP_S = readNumber('BENCH_WARMUP_S', 60, 0, 3600);
const ALARM_S = readNumber('BENCH_ALARM_S', 120, 10, 3600);
const FLEET = process.env['BENCH_FLEET'] || 'austin-metrorapid';
/** An alarm lasts this long before the admin resolves it. */
const ALARM_HOLD_MS = 20_000;

interface Sample {
  atS: number;
  heapUsed: number;
  heapTotal: number;
  nodes: number;
  listeners: number;
  documents: number;
  focus: string;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-soak-'));
  const base = `http://127.0.0.1:${PORT}`;
  const server = startServer(dataDir);
  try {
    await waitForServer(base, server);
    const keys = readKeys(dataDir);
    const samples = await soak(base, keys);
    report(samples);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function startServer(dataDir: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      REPLAY_SPEED: String(REPLAY_SPEED),
      METRICS_INTERVAL_MS: '10000',
      LOG_LEVEL: 'warn',
    },
  });
  return child;
}

/** Waits for the server (a first start builds the dashboard: minutes). */
async function waitForServer(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('the server exited while starting');
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(1000);
  }
  throw new Error('the server did not become ready within 10 minutes');
}

function readKeys(dataDir: string): { dispatcher: string; admin: string } {
  const file = path.join(dataDir, 'demo-keys.json');
  const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<
    string,
    { dispatcher: string; admin: string }
  >;
  const keys = all[FLEET];
  if (!keys) throw new Error(`the demo has no fleet ${FLEET}`);
  return keys;
}

async function soak(
  base: string,
  keys: { dispatcher: string; admin: string },
): Promise<Sample[]> {
  const browser = await chromium.launch({
    ...(fs.existsSync(SYSTEM_CHROMIUM) && { executablePath: SYSTEM_CHROMIUM }),
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await page.goto(
      `${base}/fleet/${FLEET}/wall?rotate=${ROTATE_S}#key=${keys.dispatcher}`,
    );
    await page.locator('.wall[data-focus]').waitFor();

    const admin = new Admin(base, keys.admin);
    const warm = Date.now() + WARMUP_S * 1000;
    while (Date.now() < warm) await admin.tick(warm);

    const started = Date.now();
    const end = started + MINUTES * 60_000;
    const samples: Sample[] = [];
    for (;;) {
      const sample = await measure(page, cdp, (Date.now() - started) / 1000);
      samples.push(sample);
      log(sample, admin);
      if (Date.now() + SAMPLE_S * 1000 > end + 1000) break;
      const next = Date.now() + SAMPLE_S * 1000;
      while (Date.now() < next) await admin.tick(next);
    }
    return samples;
  } finally {
    await browser.close();
  }
}

async function measure(page: Page, cdp: CDPSession, atS: number): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const focus = (await page.locator('.wall').getAttribute('data-focus')) ?? '?';
  return {
    atS,
    heapUsed: heap.usedSize,
    heapTotal: heap.totalSize,
    nodes: dom.nodes,
    listeners: dom.jsEventListeners,
    documents: dom.documents,
    focus,
  };
}

/** Raises a critical alert now and then, and resolves urgent ones. */
class Admin {
  raised = 0;
  resolved = 0;
  private nextAlarm = Date.now();
  private ingestKey: string | undefined;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly base: string,
    adminKey: string,
  ) {
    this.headers = {
      Authorization: `Bearer ${adminKey}`,
      'Content-Type': 'application/json',
    };
  }

  /** One round, then a pause of at most 5 s, never past `until`. */
  async tick(until: number): Promise<void> {
    if (Date.now() >= this.nextAlarm) {
      this.nextAlarm += ALARM_S * 1000;
      await this.brakeHard();
    }
    await this.resolveUrgent();
    await sleep(Math.min(5000, Math.max(0, until - Date.now())));
  }

  /** 100 km/h to a standstill in 4 s: 0.71 g, a critical harsh braking. */
  private async brakeHard(): Promise<void> {
    this.ingestKey ??= await this.makeIngestKey();
    const t0 = Date.now() - 10_000;
    const steps: Array<[number, number]> = [
      [0, 100],
      [1, 75],
      [2, 50],
      [3, 25],
      [4, 0],
      [8, 0],
    ];
    const fixes = steps.map(([s, kmh]) => ({
      vehicle_id: 'soak-brake',
      timestamp: t0 + s * 1000,
      lat: 30.27 + this.raised * 0.001 + s * 0.0001,
      lon: -97.74,
      speed_kmh: kmh,
    }));
    const res = await fetch(`${this.base}/v1/ingest/positions`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${this.ingestKey}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ fleet_id: FLEET, fixes }),
    });
    if (!res.ok) throw new Error(`the ingest answered HTTP ${res.status}`);
    this.raised++;
  }

  private async makeIngestKey(): Promise<string> {
    const res = await fetch(`${this.base}/v1/fleets/${FLEET}/ingest-keys`, {
      method: 'POST',
      headers: this.headers,
      body: JSON.stringify({ label: 'wall soak' }),
    });
    if (!res.ok) throw new Error(`making an ingest key answered HTTP ${res.status}`);
    return ((await res.json()) as { ingest_key: { key: string } }).ingest_key.key;
  }

  /** Resolves the urgent alerts raised over ALARM_HOLD_MS ago. */
  private async resolveUrgent(): Promise<void> {
    const url = `${this.base}/v1/fleets/${FLEET}/alerts?status=active`;
    const res = await fetch(url, { headers: this.headers });
    if (!res.ok) return;
    const { alerts } = (await res.json()) as { alerts: AlertRecord[] };
    const due = alerts.filter(
      (a) =>
        (a.severity === 'high' || a.severity === 'critical') &&
        Date.now() - Date.parse(a.raised_at) > ALARM_HOLD_MS,
    );
    for (const a of due) {
      await fetch(`${this.base}/v1/alerts/${a.alert_id}/resolve`, {
        method: 'POST',
        headers: this.headers,
      });
      this.resolved++;
    }
  }
}

function log(s: Sample, admin: Admin): void {
  const mib = (s.heapUsed / 2 ** 20).toFixed(2);
  process.stdout.write(
    `${s.atS.toFixed(0).padStart(5)} s  heap ${mib} MiB  nodes ${s.nodes}  ` +
      `listeners ${s.listeners}  focus ${s.focus}  ` +
      `alarms ${admin.raised}  resolved ${admin.resolved}\n`,
  );
}

function report(samples: readonly Sample[]): void {
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const first = samples.slice(0, quarter);
  const last = samples.slice(-quarter);
  const rows: Array<[string, (s: Sample) => number, (n: number) => string]> = [
    ['JS heap used (MiB)', (s) => s.heapUsed, (n) => (n / 2 ** 20).toFixed(2)],
    ['DOM nodes', (s) => s.nodes, (n) => n.toFixed(0)],
    ['JS event listeners', (s) => s.listeners, (n) => n.toFixed(0)],
    ['documents', (s) => s.documents, (n) => n.toFixed(0)],
  ];
  const minutes = ((samples.at(-1)?.atS ?? 0) / 60).toFixed(1);
  process.stdout.write(
    `\n${samples.length} samples over ${minutes} min, ${FLEET}, REPLAY_SPEED ${REPLAY_SPEED}, ` +
      `rotate ${ROTATE_S} s, an alarm every ${ALARM_S} s, ` +
      `after ${WARMUP_S} s of warm-up; first vs last quarter (${quarter} samples each)\n\n`,
  );
  process.stdout.write(
    '| measure | first quarter | last quarter | change | min | max |\n',
  );
  process.stdout.write('| --- | --- | --- | --- | --- | --- |\n');
  let flat = true;
  for (const [name, of, fmt] of rows) {
    const a = mean(first.map(of));
    const b = mean(last.map(of));
    const change = a === 0 ? 0 : ((b - a) / a) * 100;
    if (Math.abs(change) > FLAT_PERCENT) flat = false;
    const all = samples.map(of);
    process.stdout.write(
      `| ${name} | ${fmt(a)} | ${fmt(b)} | ${change >= 0 ? '+' : ''}${change.toFixed(1)} % | ` +
        `${fmt(Math.min(...all))} | ${fmt(Math.max(...all))} |\n`,
    );
  }
  process.stdout.write(
    `\n${flat ? 'FLAT' : 'GROWING'}: every measure within ±${FLAT_PERCENT} %? ${flat}\n`,
  );
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

main().catch((error: unknown) => {
  process.stderr.write(`wall soak failed: ${String(error)}\n`);
  process.exit(1);
});
