import { LATENCY_BUCKETS } from './stats';

/** A scenario's part of the report, and what the smoke test checks. */
export interface Section {
  title: string;
  /** Markdown: the table and its notes. */
  lines: string[];
  goals: Goal[];
  /** Correctness, per run: what was owed to the clients and what came. */
  checks: Check[];
  /** Why runs were INVALID (the generator was the bottleneck). */
  invalid: string[];
}

export interface Goal {
  text: string;
  /** null when it could not be measured. */
  met: boolean | null;
  detail: string;
}

export interface Check {
  run: string;
  expected: number;
  delivered: number;
  duplicates: number;
}

/** A markdown table, columns padded so the text reads as a table too. */
export function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>) {
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export const fmt = (x: number, digits = 0): string =>
  Number.isFinite(x)
    ? x.toLocaleString('en-US', {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      })
    : '–';

/** A latency, shown as a floor once it reached the histogram's top bucket. */
export const fmtMs = (ms: number): string =>
  ms >= LATENCY_BUCKETS - 1 ? `≥ ${fmt(ms)}` : fmt(ms);

export function goal(text: string, met: boolean | null, detail: string): Goal {
  return { text, met, detail };
}

export function goalLines(goals: readonly Goal[]): string[] {
  return goals.map((g) => {
    const mark = g.met === null ? 'not measured' : g.met ? 'met' : 'MISSED';
    return `- ${g.text}: **${mark}** — ${g.detail}`;
  });
}
