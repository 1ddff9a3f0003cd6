/**
 * `npm run bench:server`: every server scenario against its baseline in
 * one run, a markdown report on stdout and in bench/results. See
 * docs/BENCHMARKS.md, "Server", for what each scenario does.
 *
 *   npm run bench:server
 *   # BENCH_SCALE (1; 0.1 is the smoke), BENCH_SECONDS (20) per run,
 *   # BENCH_ROUNDS (2), BENCH_STEPS (6) pipeline rates at most,
 *   # BENCH_ONLY (w1,bookovia,pipeline,connections,two-nodes),
 *   # BENCH_SERVER_ENV ("NAME=value ..." for every Fleetlight under test)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEnv } from './env';
import { SCENARIOS } from './scenarios';

const env = readEnv();
const started = new Date();
const [load1, load5] = os.loadavg();
const header = [
  `# Server benchmarks, ${started.toISOString().slice(0, 16)}Z`,
  '',
  `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ` +
    `load average ${load1?.toFixed(2)} / ${load5?.toFixed(2)} (1 / 5 min) at the start; ` +
    `BENCH_SCALE ${env.scale}, BENCH_SECONDS ${env.seconds}, BENCH_ROUNDS ${env.rounds}` +
    `${process.env['BENCH_SERVER_ENV'] ? `, BENCH_SERVER_ENV "${process.env['BENCH_SERVER_ENV']}"` : ''}.`,
];
const out: string[] = [...header];
console.log(header.join('\n'));

for (const [name, scenario] of Object.entries(SCENARIOS)) {
  if (env.only.length > 0 && !env.only.includes(name)) continue;
  const t0 = Date.now();
  const lines = await scenario(env).then(
    (s) => [`## ${s.title}`, '', ...s.lines],
    (error: unknown) => [`## ${name}`, '', `Failed: ${String(error)}`],
  );
  lines.push('', `(${((Date.now() - t0) / 1000).toFixed(0)} s)`, '');
  console.log(['', ...lines].join('\n'));
  out.push('', ...lines);
}

const [end1] = os.loadavg();
out.push(`Load average at the end: ${end1?.toFixed(2)}.`);
if (env.resultsDir) {
  fs.mkdirSync(env.resultsDir, { recursive: true });
  // A smaller run never overwrites the full one of the same day.
  const scale = env.scale < 1 ? `-scale${env.scale}` : '';
  const name = `server-${started.toISOString().slice(0, 10)}${scale}.md`;
  const file = path.join(env.resultsDir, name);
  fs.writeFileSync(file, out.join('\n') + '\n');
  console.log(`\nWritten to ${file}`);
}
