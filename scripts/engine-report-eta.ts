// The transit part of the engine report: ETA against the timetable and
// against plain delay propagation, per recorded day.
import { etaReport, renderEtaReport } from '../server/engine/report/eta-report';
import { saveEtaParams } from '../server/engine/transit/eta-params-file';

export async function etaSection(dataDir: string, paramsFile?: string): Promise<string> {
  const report = await etaReport([dataDir]);
  if (paramsFile !== undefined && report.days.length > 0)
    saveEtaParams(paramsFile, report.learned);
  if (report.days.length === 0) return '';
  return [
    '## Trips, stops served, on-time and ETA on the recorded Austin days',
    '',
    renderEtaReport(report),
  ].join('\n');
}
