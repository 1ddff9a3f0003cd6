import { beforeAll, describe, expect, it } from 'vitest';
import {
  etaReport,
  renderEtaReport,
  type EtaReport,
} from '../../../../server/engine/report/eta-report';
import { sharedData } from '../../sources/shared-data';

// Tracks three recorded days and fits the model three times: ~10 s.
const SLOW_MS = 60_000;

describe('the ETA model on the recorded CapMetro days', () => {
  let report: EtaReport;

  beforeAll(async () => {
    report = await etaReport([sharedData()]);
  }, SLOW_MS);

  it('evaluates the three days the timetable covers', () => {
    expect(report.days.map((d) => d.date)).toEqual([
      '2016-11-25',
      '2016-11-26',
      '2016-12-16',
    ]);
    expect(report.unscheduled).toEqual(['2017-03-21', '2017-04-18']);
  });

  it.each(['2016-11-25', '2016-11-26', '2016-12-16'])(
    'beats the timetable by 30 % and delay propagation by 15 % on %s',
    (date) => {
      const day = report.days.find((d) => d.date === date);

      expect(day?.learnedFrom).not.toContain(date);
      expect(day?.gainOverTimetable).toBeGreaterThanOrEqual(30);
      expect(day?.gainOverDelay).toBeGreaterThanOrEqual(15);
    },
  );

  it('renders one table row per day', () => {
    const rows = renderEtaReport(report)
      .split('\n')
      .filter((line) => /^\| 2016-/.test(line));

    expect(rows).toHaveLength(3);
  });
});
