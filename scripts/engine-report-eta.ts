// The transit part of the engine report: ETA against the timetable and
// against plain delay propagation, per recorded day.
import { etaReport, renderEtaReport } from '../server/engine/report/eta-report';

export async function etaSection(dataDir: string): Promise<string> {
  const report = await etaReport([dataDir]);
  if (report.days.length === 0) return '';
  return [
    '## Trips, stops served, on-time and ETA on the recorded Austin days',
    '',
    renderEtaReport(report),
  ].join('\n');
}
