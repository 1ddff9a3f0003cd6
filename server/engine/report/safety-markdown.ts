import type { ReportEvent, SafetyReportRow } from './safety-report';

/**
 * The safety report as Markdown: one summary line per drive, then every
 * event in one table. Harsh events show their peak in m/s² and g and the
 * speeds around them; speeding shows its peak speed; idling its length.
 */
export function renderSafetyReport(rows: SafetyReportRow[]): string {
  const summary = rows.map((r) =>
    line([
      r.source,
      r.drive,
      `${(r.durationS / 60).toFixed(1)} min`,
      `${r.maxSpeedKmh} km/h`,
      String(r.rejectedSteps),
      String(r.events.length),
    ]),
  );
  const events = rows.flatMap((r) => r.events.map((e) => eventLine(r.drive, e)));

  return [
    '## Drives',
    '',
    ...head(DRIVE_COLUMNS),
    ...summary,
    '',
    '## Events',
    '',
    ...head(EVENT_COLUMNS),
    ...events,
    '',
  ].join('\n');
}

/** Column titles; a trailing `>` right-aligns the column. */
const DRIVE_COLUMNS = [
  'source',
  'drive',
  'duration>',
  'max speed>',
  'rejected steps>',
  'events>',
];

const EVENT_COLUMNS = [
  'drive',
  'offset (s)>',
  'category',
  'severity',
  'peak m/s²>',
  'peak g>',
  'km/h',
  'duration (s)>',
];

function head(columns: string[]): string[] {
  const right = (c: string) => c.endsWith('>');
  return [
    line(columns.map((c) => (right(c) ? c.slice(0, -1) : c))),
    line(columns.map((c) => (right(c) ? '---:' : '---'))),
  ];
}

function line(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function eventLine(drive: string, e: ReportEvent): string {
  const d = e.eventData;
  const peak = d.peak_mps2;
  const peakG = d.deceleration ?? d.acceleration;
  return line([
    drive,
    e.offsetS.toFixed(1),
    e.category,
    e.severity,
    peak === undefined ? '' : peak.toFixed(2),
    peakG === undefined ? '' : peakG.toFixed(3),
    speeds(d),
    d.duration === undefined ? '' : String(d.duration),
  ]);
}

function speeds(d: Record<string, number>): string {
  if (d.speed_before !== undefined && d.speed_after !== undefined) {
    return `${d.speed_before} → ${d.speed_after}`;
  }
  if (d.peak_speed !== undefined) return `peak ${d.peak_speed} (limit ${d.speed_limit})`;
  return '';
}
