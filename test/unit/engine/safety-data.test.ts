import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { safetyReport } from '../../../server/engine/report/safety-report';

const DATA_DIR = fileURLToPath(new URL('../../../data', import.meta.url));

/**
 * Everything the default settings raise on the recorded data, as
 * "category severity offset-in-seconds". Every harsh event below is a
 * real manoeuvre spanning several readings; a change here is a change in
 * behaviour and should be looked at, not just re-recorded.
 */
const KIT: Record<string, string[]> = {
  '2017-07-10_Seat_Leon_KA_KA_Stau': ['harsh_acceleration medium 718.8'],
  '2017-07-14_Seat_Leon_KA_KA_Frei': [],
  '2017-08-07_Seat_Leon_RT_KA_Frei_Vollbremsung': [
    'harsh_braking critical 678.4',
    'speeding low 807.8',
    'speeding low 2245.3',
    'speeding medium 2356.1',
    'speeding low 2427.1',
    'speeding medium 2455.2',
    'speeding critical 2506',
    'speeding critical 2986.8',
    'harsh_braking low 3365.9',
    'speeding medium 3431.2',
  ],
  '2018-02-17_Seat_Leon_BB_RT_Normal_Glatteis': [
    'harsh_acceleration low 163.8',
    'harsh_braking medium 368.5',
    'harsh_braking low 490.3',
    'harsh_acceleration high 2694.2',
    'harsh_acceleration low 2761.6',
    'harsh_braking low 3345',
  ],
  '2018-02-21_Seat_Leon_KA_BB_Normal': [
    'harsh_braking low 195',
    'harsh_acceleration low 515.8',
    'harsh_braking low 677.9',
    'speeding medium 1391.6',
    'speeding critical 1758',
    'speeding high 2485.4',
    'speeding critical 2574.6',
    'speeding high 2690.9',
    'speeding high 2752',
    'speeding high 2855.2',
    'speeding low 3031.7',
  ],
  '2018-02-23_Seat_Leon_RT_RT_Frei_Beschleunigung': [
    'harsh_acceleration low 47.6',
    'harsh_acceleration low 423.3',
    'harsh_acceleration low 517.6',
    'harsh_acceleration low 628.5',
    'harsh_braking low 653.9',
    'harsh_braking low 686',
  ],
  '2018-02-23_Seat_Leon_S_S_Stau': ['harsh_braking low 943.4'],
};

const VED: Record<string, string[]> = {
  'ved-267-657': ['harsh_braking low 694.5', 'harsh_braking low 840'],
  'ved-267-663': [],
  'ved-298-863': [],
  'ved-298-872': ['harsh_braking low 7'],
  'ved-370-1329': [],
  'ved-370-1361': [],
  'ved-459-767': [],
  'ved-459-777': [],
  'ved-472-862': ['harsh_braking medium 156', 'harsh_braking low 660.2'],
  'ved-480-429': ['harsh_braking high 636.7'],
  'ved-488-438': [
    'harsh_acceleration low 182.3',
    'harsh_acceleration low 398.9',
    'speeding low 804.8',
  ],
  'ved-488-457': [],
};

describe('the safety detectors on the recorded drives', () => {
  const rows = safetyReport(DATA_DIR);
  const listed = (source: string) =>
    Object.fromEntries(
      rows
        .filter((r) => r.source === source)
        .map((r) => [
          r.drive,
          r.events.map((e) => `${e.category} ${e.severity} ${e.offsetS}`),
        ]),
    );
  const row = (drive: string) => rows.find((r) => r.drive === drive);

  it('raises critical harsh braking within 5 s of 681 s at the full stop', () => {
    const drive = row('2017-08-07_Seat_Leon_RT_KA_Frei_Vollbremsung');
    const stop = drive?.events.filter(
      (e) => e.category === 'harsh_braking' && Math.abs(e.offsetS - 681) <= 5,
    );

    expect(stop).toEqual([
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
    ]);
  });

  it('raises exactly the listed events in every KIT drive', () => {
    expect(listed('kit')).toEqual(KIT);
  });

  it('raises exactly the listed events in every VED trip', () => {
    expect(listed('ved')).toEqual(VED);
  });

  it('makes every harsh event a real manoeuvre: 15+ km/h over 1.5+ s', () => {
    const harsh = rows
      .flatMap((r) => r.events)
      .filter((e) => e.category.startsWith('harsh_'));
    const small = harsh.filter((e) => {
      const {
        speed_before: before = 0,
        speed_after: after = 0,
        duration = 0,
      } = e.eventData;
      return Math.abs(after - before) < 15 || duration < 1.5;
    });

    expect(harsh).toHaveLength(27);
    expect(small).toEqual([]);
  });

  it('rejects no KIT reading as impossible', () => {
    const kit = rows.filter((r) => r.source === 'kit');

    expect(kit.map((r) => r.rejectedSteps)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it("rejects VED's two impossible steps instead of reporting them", () => {
    const rejected = rows.filter((r) => r.rejectedSteps > 0);
    // ved-488-438 drops 29 → 16 km/h in 0.1 s (−36 m/s²) at 135.9 s.
    const near = row('ved-488-438')?.events.filter((e) => Math.abs(e.offsetS - 136) < 30);

    expect(rejected.map((r) => [r.drive, r.rejectedSteps])).toEqual([
      ['ved-480-429', 1],
      ['ved-488-438', 1],
    ]);
    expect(near).toEqual([]);
  });

  it('finds only ordinary peaks in the drive labelled hard acceleration', () => {
    const drive = row('2018-02-23_Seat_Leon_RT_RT_Frei_Beschleunigung');
    const peaks = drive?.events
      .filter((e) => e.category === 'harsh_acceleration')
      .map((e) => e.eventData.acceleration);

    expect(peaks).toEqual([0.365, 0.305, 0.315, 0.314]);
  });
});
