import { describe, expect, it } from 'vitest';
import { renderSafetyReport } from '../../../server/engine/report/safety-markdown';
import type { SafetyReportRow } from '../../../server/engine/report/safety-report';

const row: SafetyReportRow = {
  source: 'kit',
  drive: 'full-stop',
  start: 0,
  durationS: 4696,
  maxSpeedKmh: 208,
  rejectedSteps: 0,
  events: [
    {
      category: 'harsh_braking',
      severity: 'critical',
      offsetS: 678.4,
      eventData: {
        deceleration: -0.709,
        speed_before: 77,
        speed_after: 0,
        duration: 4.4,
        peak_mps2: -6.95,
      },
    },
    {
      category: 'speeding',
      severity: 'critical',
      offsetS: 2506,
      eventData: { speed_limit: 120, peak_speed: 208, excess: 88, duration: 312.3 },
    },
    { category: 'idling', severity: 'low', offsetS: 12, eventData: { duration: 301 } },
  ],
};

describe('renderSafetyReport', () => {
  it('renders a summary line per drive and a line per event', () => {
    expect(renderSafetyReport([row]).split('\n')).toEqual([
      '## Drives',
      '',
      '| source | drive | duration | max speed | rejected steps | events |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      '| kit | full-stop | 78.3 min | 208 km/h | 0 | 3 |',
      '',
      '## Events',
      '',
      '| drive | offset (s) | category | severity | peak m/s² | peak g | km/h | duration (s) |',
      '| --- | ---: | --- | --- | ---: | ---: | --- | ---: |',
      '| full-stop | 678.4 | harsh_braking | critical | -6.95 | -0.709 | 77 → 0 | 4.4 |',
      '| full-stop | 2506.0 | speeding | critical |  |  | peak 208 (limit 120) | 312.3 |',
      '| full-stop | 12.0 | idling | low |  |  |  | 301 |',
      '',
    ]);
  });
});
