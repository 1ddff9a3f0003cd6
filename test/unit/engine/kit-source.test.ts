import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KIT_FOLDER, loadKitDrive, loadKitDrives } from '../../../server/sources/kit';

const HEADER_2017 =
  'Time,Engine Coolant Temperature [Â°C],Engine RPM [RPM],Vehicle Speed Sensor [km/h]';
const HEADER_2018 = HEADER_2017.replace('Â°', '°');

const dir = mkdtempSync(path.join(tmpdir(), 'fleetlight-kit-'));

function driveFile(
  name: string,
  rows: string[],
  header = HEADER_2018,
  eol = '\n',
): string {
  const file = path.join(dir, name);
  writeFileSync(file, [header, ...rows].join(eol) + eol);
  return file;
}

const times = (file: string) => loadKitDrive(file).samples.map((s) => s.t);

describe('loadKitDrive', () => {
  it('reads the 2017 header with its double-encoded degree sign, in CRLF', () => {
    const file = driveFile(
      '2017-07-14_Seat_Leon_KA_KA_Frei.csv',
      ['08:19:47.605,22,,', '08:19:47.785,22,0.0,0.0'],
      HEADER_2017,
      '\r\n',
    );

    expect(loadKitDrive(file).samples.map((s) => s.engineTemp)).toEqual([22, 22]);
  });

  it('keeps the empty cells before a PID is first read missing, not zero', () => {
    const file = driveFile('2018-02-21_Seat_Leon_KA_BB_Normal.csv', [
      '18:20:49.431,16,,',
      '18:20:49.671,16,812.0,',
      '18:20:49.760,16,812.0,0.0',
    ]);
    const t = Date.UTC(2018, 1, 21, 17, 20, 49);

    expect(loadKitDrive(file).samples).toEqual([
      { t: t + 431, engineTemp: 16 },
      { t: t + 671, engineTemp: 16, engineRpm: 812 },
      { t: t + 760, engineTemp: 16, engineRpm: 812, speedKmh: 0 },
    ]);
  });

  it('takes the date from the file name and the time on the Berlin clock, UTC+2 in summer', () => {
    const file = driveFile('2017-08-07_Seat_Leon_RT_KA_Frei.csv', ['07:37:14.075,26,,']);

    expect(times(file)).toEqual([Date.UTC(2017, 7, 7, 5, 37, 14, 75)]);
    expect(loadKitDrive(file).date).toBe('2017-08-07');
  });

  it('reads winter times as UTC+1', () => {
    const file = driveFile('2018-02-17_Seat_Leon_BB_RT.csv', ['14:15:47.209,43,,']);

    expect(times(file)).toEqual([Date.UTC(2018, 1, 17, 13, 15, 47, 209)]);
  });

  it('keeps true elapsed time across the spring change to summer time', () => {
    const file = driveFile('2018-03-25_Seat_Leon_KA_KA.csv', [
      '01:59:59.500,80,,',
      '03:00:00.500,80,,',
    ]);

    expect(times(file)).toEqual([
      Date.UTC(2018, 2, 25, 0, 59, 59, 500),
      Date.UTC(2018, 2, 25, 1, 0, 0, 500),
    ]);
  });

  it('places rows of the repeated autumn hour on its second run once the clock goes back', () => {
    const file = driveFile('2017-10-29_Seat_Leon_KA_KA.csv', [
      '02:59:59.000,80,,',
      '02:00:00.000,80,,',
      '02:30:00.000,80,,',
      '03:00:00.000,80,,',
    ]);

    expect(times(file)).toEqual([
      Date.UTC(2017, 9, 29, 0, 59, 59),
      Date.UTC(2017, 9, 29, 1, 0, 0),
      Date.UTC(2017, 9, 29, 1, 30, 0),
      Date.UTC(2017, 9, 29, 2, 0, 0),
    ]);
  });

  it('wraps a drive past midnight into the next day', () => {
    const file = driveFile('2018-02-21_Seat_Leon_Late.csv', [
      '23:59:59.900,90,,',
      '00:00:00.100,90,,',
    ]);

    expect(times(file)).toEqual([
      Date.UTC(2018, 1, 21, 22, 59, 59, 900),
      Date.UTC(2018, 1, 21, 23, 0, 0, 100),
    ]);
  });

  it('rejects short rows, unreadable times and times that run backwards', () => {
    const file = driveFile('2018-02-23_Seat_Leon_S_S_Stau.csv', [
      '16:54:58.117,11,,',
      '16:54:58.207,11',
      '16:54:xx,11,,',
      '16:54:57.000,11,,',
      '16:54:58.300,11,,',
    ]);
    const drive = loadKitDrive(file);

    expect(drive.samples).toHaveLength(2);
    expect(drive.rejected).toEqual([
      { row: 2, reason: 'wrong-field-count' },
      { row: 3, reason: 'bad-time' },
      { row: 4, reason: 'time-backwards' },
    ]);
  });

  it('refuses a file whose name carries no date', () => {
    const file = driveFile('Seat_Leon.csv', ['16:54:58.117,11,,']);

    expect(() => loadKitDrive(file)).toThrow(
      `${file}: no YYYY-MM-DD_ date at the start of the name`,
    );
  });

  it('names the column a file lacks', () => {
    const file = driveFile(
      '2018-02-23_Bad.csv',
      ['16:54:58.117,11,'],
      'Time,Engine RPM [RPM]',
    );

    expect(() => loadKitDrive(file)).toThrow(
      `${file}: missing column "Vehicle Speed Sensor [km/h]"`,
    );
  });
});

describe('the recorded KIT drives', () => {
  const folder = fileURLToPath(new URL(`../../../data/${KIT_FOLDER}`, import.meta.url));
  const drives = loadKitDrives(folder);

  it('loads all seven drives with every row and no rejects', () => {
    expect(drives.map((d) => [d.id, d.samples.length, d.rejected.length])).toEqual([
      ['2017-07-10_Seat_Leon_KA_KA_Stau', 14_570, 0],
      ['2017-07-14_Seat_Leon_KA_KA_Frei', 6_829, 0],
      ['2017-08-07_Seat_Leon_RT_KA_Frei_Vollbremsung', 39_110, 0],
      ['2018-02-17_Seat_Leon_BB_RT_Normal_Glatteis', 41_611, 0],
      ['2018-02-21_Seat_Leon_KA_BB_Normal', 43_590, 0],
      ['2018-02-23_Seat_Leon_RT_RT_Frei_Beschleunigung', 10_176, 0],
      ['2018-02-23_Seat_Leon_S_S_Stau', 22_521, 0],
    ]);
  });

  it('starts the full-braking drive at 07:37:14.075 Berlin summer time', () => {
    const drive = drives.find((d) => d.id.endsWith('Vollbremsung'));

    expect(drive?.samples[0]?.t).toBe(Date.parse('2017-08-07T07:37:14.075+02:00'));
  });
});
