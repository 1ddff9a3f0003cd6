// `npm test`: every gate in order (format, types, lint, unit, integration,
// integration on PostgreSQL, browser), each run even when an earlier one
// failed, then one summary line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const RESULTS = 'test-results';
fs.mkdirSync(RESULTS, { recursive: true });

const bin = (name) => path.join('node_modules', '.bin', name);

/** A gate passes or fails as one test; a suite reports its own counts. */
const steps = [
  { name: 'format', cmd: [bin('prettier'), '--check', '--log-level', 'warn', '.'] },
  { name: 'types', cmd: [bin('tsc'), '--noEmit'] },
  { name: 'lint', cmd: [bin('eslint'), '--max-warnings', '0', '.'] },
  vitest('unit'),
  vitest('integration'),
  // Outside CI, without PostgreSQL, vitest.config.ts keeps only the file
  // that skips itself saying so; with CI=true every file runs.
  vitest('integration-pg'),
  {
    name: 'e2e',
    cmd: [bin('playwright'), 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${RESULTS}/e2e.json` },
    counts: () => playwrightCounts(`${RESULTS}/e2e.json`),
  },
];

function vitest(project) {
  const out = `${RESULTS}/${project}.json`;
  return {
    name: project,
    cmd: [
      bin('vitest'),
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
    ],
    counts: () => vitestCounts(out),
  };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

for (const step of steps) {
  process.stdout.write(`\n=== ${step.name} ===\n`);
  const started = Date.now();
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  const ok = run.status === 0;
  let c = step.counts?.() ?? (ok ? { passed: 1, failed: 0, skipped: 0 } : null);
  // A runner that crashed before reporting still counts as a failure.
  if (!c || (!ok && c.failed === 0))
    c = { ...(c ?? { passed: 0, skipped: 0 }), failed: 1 };
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  lines.push(
    `${step.name.padEnd(12)} ${c.passed} passed, ${c.failed} failed (${secs} s)`,
  );
}

process.stdout.write(`\n${lines.join('\n')}\n`);
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed${skipped}\n`);
process.exit(totals.failed > 0 ? 1 : 0);

function vitestCounts(file) {
  const r = readJson(file);
  if (!r) return null;
  // A file that failed before running any test fails as one; a failed
  // test also fails its file and describe blocks, which are not counted again.
  const crashed = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  ).length;
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + crashed,
    skipped: r.numPendingTests + r.numTodoTests,
  };
}

function playwrightCounts(file) {
  const r = readJson(file);
  if (!r?.stats) return null;
  const { expected, unexpected, flaky, skipped } = r.stats;
  return { passed: expected + flaky, failed: unexpected, skipped };
}

function readJson(file) {
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.rmSync(file);
    return json;
  } catch {
    return null;
  }
}
