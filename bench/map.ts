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
 *   # BENCH_MARKERS (500,1000,2000,4000) Marker counts tried,
 *   # BENCH_REPEATS (2) rounds of every scenario,
 *   # BENCH_PORT (3560), BENCH_ONLY (substrings of scenario names, comma-separated)
 *
 * Every round runs each static scenario just before its moving one, so
 * a ratio compares two windows taken under the same load; the report
 * gives the median over rounds of every figure and of every ratio.
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
const ONLY = (process.env['BENCH_ONLY'] ?? '').split(',');
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 2);
const MARKERS = (process.env['BENCH_MARKERS'] ?? '500,1000,2000,4000')
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

/** One scenario's figures in one round. */
interface Figures {
  fps: number;
  f50: number;
  f95: number;
  r50: number;
  r95: number;
  longPerMin: number;
  b50: number;
  b95: number;
  commitsPerS: number;
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
].filter((s) => ONLY.some((part) => s.name.includes(part)));

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
  const rounds: Result[][] = [];
  const loads = [loadAverage()];
  try {
    for (let round = 1; round <= REPEATS; round++) {
      const results: Result[] = [];
      for (const scenario of SCENARIOS) {
        process.stderr.write(`${round}/${REPEATS} ${scenario.name}… ${loadAverage()}\n`);
        results.push(await run(browser, base, scenario));
      }
      rounds.push(results);
    }
  } finally {
    await browser.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  loads.push(loadAverage());
  process.stdout.write(report(rounds, browser.version(), loads));
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

function report(rounds: Result[][], chromiumVersion: string, loads: string[]): string {
  const names = SCENARIOS.map((s) => s.name);
  const figures = new Map(
    names.map((name) => [
      name,
      rounds.flatMap((r) => r.filter((x) => x.scenario.name === name).map(figuresOf)),
    ]),
  );
  const med = (name: string, key: keyof Figures) =>
    median((figures.get(name) ?? []).map((f) => f[key]));
  /** Per round, moving over static; the median over rounds. */
  const ratio = (name: string, base: string, key: 'f50' | 'f95') => {
    const a = figures.get(name) ?? [];
    const b = figures.get(base) ?? [];
    return median(a.map((f, i) => f[key] / (b[i]?.[key] ?? NaN)));
  };
  const rows = SCENARIOS.map((s) => {
    const m = (key: keyof Figures, digits: number) => fmt(med(s.name, key), digits);
    const base = s.baseline;
    return [
      s.name,
      m('fps', 0),
      m('f50', 1),
      m('f95', 1),
      base
        ? `${fmt(ratio(s.name, base, 'f50'), 2)} / ${fmt(ratio(s.name, base, 'f95'), 2)}`
        : '–',
      `${m('r50', 1)} / ${m('r95', 1)}`,
      m('longPerMin', 1),
      s.updates ? `${m('b50', 1)} / ${m('b95', 1)}` : '–',
      m('commitsPerS', 1),
      `${m('heapStartMb', 0)} → ${m('heapEndMb', 0)}`,
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
  const budget = med('map 10k gliding', 'f95');
  const fit = MARKERS.filter((n) => med(`markers ${n} gliding`, 'f95') <= budget);
  const most = fit.length ? Math.max(...fit) : undefined;
  const least = MARKERS.find((n) => med(`markers ${n} gliding`, 'f95') > budget);
  return [
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, nproc ${os.cpus().length}, ` +
      `Node ${process.version}, Chromium ${chromiumVersion} (SwiftShader WebGL), ` +
      `viewport 1400×850, ${SECONDS} s per scenario after ${WARMUP_S} s warm-up, ` +
      `${rounds.length} rounds (medians shown). Load average (1, 5, 15 min) ` +
      `at the start: ${loads[0]}; at the end: ${loads[1]}.`,
    '',
    table([head, ...rows]),
    '',
    Number.isFinite(budget)
      ? `Markers within the 10k glide layer's frame p95 (${fmt(budget, 1)} ms): ` +
        (most ? `up to ${most}` : `none of ${MARKERS.join(', ')}`) +
        (least ? `; ${least} markers exceed it.` : '; every count tried fits.')
      : '',
    '',
  ].join('\n');
}

function figuresOf(r: Result): Figures {
  const m = r.sample;
  return {
    fps: 1000 / mean(m.frames),
    f50: pct(m.frames, 50),
    f95: pct(m.frames, 95),
    r50: pct(m.renders, 50),
    r95: pct(m.renders, 95),
    longPerMin: m.longTasks.length / (m.seconds / 60),
    b50: pct(m.batches, 50),
    b95: pct(m.batches, 95),
    commitsPerS: m.commits / m.seconds,
    heapStartMb: r.heapStartMb,
    heapEndMb: r.heapEndMb,
  };
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
}

function median(xs: readonly number[]): number {
  const ok = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (ok.length === 0) return NaN;
  const mid = ok.length / 2;
  return ok.length % 2
    ? (ok[Math.floor(mid)] ?? NaN)
    : ((ok[mid - 1] ?? 0) + (ok[mid] ?? 0)) / 2;
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
