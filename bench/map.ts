/**
 * What the vehicle layer costs the browser at fleet scale, against a
 * static map and against one react-map-gl <Marker> per vehicle.
 *
 * Starts Fleetlight on 127.0.0.1 (DEMO=off, one empty bench fleet and a
 * key for it) and drives Chromium (software WebGL, as in CI). The server
 * sends no positions: at 10–50k vehicles a second the stream would fight
 * the browser for the machine's two cores, so each page is fed from
 * inside by bench/map-feed.ts, straight into the fleet store — the path
 * the socket's coalescer feeds. Scenarios run on /bench/map (the map
 * alone) and on the real dashboard (/fleet/…, list and panels included).
 *
 *   npm run bench:map
 *   # BENCH_SECONDS (20) measured per scenario, BENCH_WARMUP_SECONDS (5),
 *   # BENCH_MARKERS (250,500,1000,2000) Marker counts tried,
 *   # BENCH_PORT (3560), BENCH_ONLY (a substring of scenario names)
 *
 * The map repaints every frame in every scenario (map.repaint), so a
 * static map's frame time is the cost of drawing the same vehicles with
 * nothing changing, and the ratio isolates what updates and gliding add.
 * Results: docs/BENCHMARKS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser } from '@playwright/test';
import { createFleetlight } from '../server/app';
import { loadConfig } from '../server/config';
import { registerFleets } from '../server/db/fleets';
import { registerSharedKey } from '../server/demo/keys';
import { createLogger } from '../server/log';
import { createWeb, ensureBuilt } from '../server/web';
import { FEED_SCRIPT, PROBE_SCRIPT } from './map-feed';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const WARMUP_S = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 5);
const PORT = Number(process.env['BENCH_PORT'] ?? 3560);
const ONLY = process.env['BENCH_ONLY'] ?? '';
const MARKERS = (process.env['BENCH_MARKERS'] ?? '250,500,1000,2000')
  .split(',')
  .map(Number);
const KEY = 'bench-map-key-0123456789abcdef';
const FLEET = { id: 'bench-austin', name: 'Bench Austin', timezone: 'America/Chicago' };
/** Where every scenario looks: all of the bench fleet's grid in view. */
const VIEW = { center: [-97.76, 30.27] as [number, number], zoom: 10.5 };

interface Scenario {
  name: string;
  page: 'map' | 'markers' | 'dashboard';
  vehicles: number;
  updates: boolean;
  glide: boolean;
  /** The static scenario this one is compared with. */
  baseline?: string;
}

interface Sample {
  frames: number[];
  renders: number[];
  batches: number[];
  longTasks: number[];
  commits: number;
  seconds: number;
}

interface Result {
  scenario: Scenario;
  sample: Sample;
  heapStartMb: number;
  heapEndMb: number;
}

const EMPTY_MAP: Scenario = {
  name: 'map, no vehicles',
  page: 'map',
  vehicles: 0,
  updates: false,
  glide: true,
};

const SCENARIOS: Scenario[] = [
  EMPTY_MAP,
  ...layer('map', 10_000, true),
  ...layer('map', 50_000, false),
  ...layer('dashboard', 10_000, true),
  ...MARKERS.map((n): Scenario => ({
    name: `markers ${n} gliding`,
    page: 'markers',
    vehicles: n,
    updates: true,
    glide: true,
  })),
].filter((s) => s.name.includes(ONLY));

function layer(page: 'map' | 'dashboard', n: number, glide: boolean): Scenario[] {
  const prefix = `${page} ${n / 1000}k`;
  const still = `${prefix} static`;
  const moving = glide ? `${prefix} gliding` : `${prefix} 1 Hz, no glide`;
  return [
    { name: still, page, vehicles: n, updates: false, glide },
    { name: moving, page, vehicles: n, updates: true, glide, baseline: still },
  ];
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetlight-bench-'));
  const log = createLogger('warn');
  Object.assign(process.env, { NODE_ENV: 'production' });
  ensureBuilt(log);
  const config = loadConfig({
    PORT: String(PORT),
    HOST: '127.0.0.1',
    DEMO: 'off',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });
  const app = await createFleetlight(config, log, await createWeb({ dev: false }));
  await registerFleets(app.db, [FLEET], []);
  app.state.registerFleet(FLEET);
  await registerSharedKey(app.db, KEY, [FLEET.id]);
  const base = await app.listen();

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
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
  const results: Result[] = [];
  try {
    for (const scenario of SCENARIOS) {
      process.stderr.write(`${scenario.name}…\n`);
      results.push(await run(browser, base, scenario));
    }
  } finally {
    await browser.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(report(results, browser.version()));
}

async function run(browser: Browser, base: string, s: Scenario): Promise<Result> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 850 },
    reducedMotion: s.glide ? 'no-preference' : 'reduce',
  });
  const page = await context.newPage();
  await page.addInitScript(PROBE_SCRIPT);
  const url =
    s.page === 'dashboard'
      ? `${base}/fleet/${FLEET.id}#key=${KEY}`
      : `${base}/bench/map${s.page === 'markers' ? '?view=markers' : ''}`;
  await page.goto(url);
  await page.waitForFunction(
    () => window.fleetlightStore && window.fleetlightMap?.loaded(),
    undefined,
    { timeout: 60_000 },
  );
  await page.evaluate(FEED_SCRIPT);
  await page.evaluate(
    ({ n, view }) => {
      const bench = (window as unknown as { __bench: BenchApi }).__bench;
      bench.seed(n);
      const map = window.fleetlightMap;
      if (!map) return;
      map.jumpTo(view);
      map.repaint = true;
    },
    { n: s.vehicles, view: VIEW },
  );
  await page.evaluate(`window.__bench.feed(${s.updates})`);
  await sleep(WARMUP_S * 1000);

  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / 2 ** 20;
  };
  const heapStartMb = await heap();
  await page.evaluate('window.__bench.start()');
  await sleep(SECONDS * 1000);
  const sample = (await page.evaluate('window.__bench.stop()')) as Sample;
  await page.evaluate('window.__bench.feed(false)');
  const heapEndMb = await heap();
  if (process.env['BENCH_SHOTS'])
    await page.screenshot({
      path: path.join(process.env['BENCH_SHOTS'], `${s.name}.png`),
    });
  await context.close();
  return { scenario: s, sample, heapStartMb, heapEndMb };
}

interface BenchApi {
  seed(n: number): void;
  feed(on: boolean): void;
  start(): void;
  stop(): Sample;
}

function report(results: Result[], chromiumVersion: string): string {
  const by = new Map(results.map((r) => [r.scenario.name, r]));
  const rows = results.map((r) => {
    const { sample: m, scenario: s } = r;
    const base = s.baseline ? by.get(s.baseline) : undefined;
    const f50 = pct(m.frames, 50);
    const f95 = pct(m.frames, 95);
    const minutes = m.seconds / 60;
    return [
      s.name,
      fmt(1000 / mean(m.frames), 0),
      fmt(f50, 1),
      fmt(f95, 1),
      base
        ? `${fmt(f50 / pct(base.sample.frames, 50), 2)} / ${fmt(f95 / pct(base.sample.frames, 95), 2)}`
        : '–',
      `${fmt(pct(m.renders, 50), 1)} / ${fmt(pct(m.renders, 95), 1)}`,
      fmt(m.longTasks.length / minutes, 1),
      m.batches.length
        ? `${fmt(pct(m.batches, 50), 1)} / ${fmt(pct(m.batches, 95), 1)}`
        : '–',
      fmt(m.commits / m.seconds, 1),
      `${fmt(r.heapStartMb, 0)} → ${fmt(r.heapEndMb, 0)}`,
    ];
  });
  const head = [
    'scenario',
    'fps',
    'frame p50 ms',
    'frame p95 ms',
    '×static p50 / p95',
    'render ms p50 / p95',
    'long tasks /min',
    'batch ms p50 / p95',
    'commits /s',
    'heap MiB',
  ];
  const budget = by.get('map 10k gliding');
  const fit = budget
    ? MARKERS.filter((n) => {
        const r = by.get(`markers ${n} gliding`);
        return r && pct(r.sample.frames, 95) <= pct(budget.sample.frames, 95);
      })
    : [];
  const most = fit.length ? Math.max(...fit) : undefined;
  return [
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, nproc ${os.cpus().length}, ` +
      `Node ${process.version}, Chromium ${chromiumVersion} (SwiftShader WebGL), ` +
      `viewport 1400×850, ${SECONDS} s per scenario after ${WARMUP_S} s warm-up.`,
    '',
    table([head, ...rows]),
    '',
    budget
      ? `Markers within the 10k glide layer's frame p95 (${fmt(pct(budget.sample.frames, 95), 1)} ms): ` +
        (most
          ? `${most} (${fmt(10_000 / most, 0)}× fewer vehicles)`
          : `none of ${MARKERS.join(', ')}`)
      : '',
    '',
  ].join('\n');
}

function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  const [head, ...body] = rows;
  return [line(head ?? []), rule, ...body.map(line)].join('\n');
}

function pct(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
  );
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function fmt(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}

await main();
