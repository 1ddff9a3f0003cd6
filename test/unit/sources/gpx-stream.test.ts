import { describe, expect, it } from 'vitest';
import { GpxError, GpxStream } from '../../../server/sources/import/gpx-stream';

const GPX = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"
  xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v2">
  <wpt lat="1" lon="1"><time>2016-12-16T13:00:00Z</time></wpt>
  <trk><name>Bus 2223 &amp; co</name><trkseg>
    <trkpt lat="30.267153" lon="-97.743057"><ele>160.5</ele><time>2016-12-16T14:00:00Z</time>
      <extensions><gpxtpx:TrackPointExtension><gpxtpx:speed>5</gpxtpx:speed>
      <gpxtpx:course>271</gpxtpx:course></gpxtpx:TrackPointExtension></extensions></trkpt>
    <trkpt lat="30.268" lon="-97.744"><time>2016-12-16T08:00:30-06:00</time><speed>2.5</speed></trkpt>
    <trkpt lat="30.269" lon="-97.745"><![CDATA[ ]]><time>2016-12-16T14:01:00</time></trkpt>
  </trkseg></trk>
</gpx>`;

function readAll(text: string, piece: number) {
  const gpx = new GpxStream('bus-2223');
  const out = [];
  for (let i = 0; i < text.length; i += piece)
    out.push(...gpx.push(text.slice(i, i + piece)));
  return [...out, ...gpx.end()];
}

describe('GpxStream', () => {
  it('reads track points with time, elevation, speed (m/s) and course, in pieces', () => {
    const points = readAll(GPX, 7);

    expect(points).toEqual([
      {
        fix: {
          vehicleId: 'bus-2223',
          deviceTime: Date.parse('2016-12-16T14:00:00Z'),
          lat: 30.267153,
          lon: -97.743057,
          altitudeM: 160.5,
          speedKmh: 18,
          heading: 271,
        },
        label: 'Bus 2223 & co',
      },
      {
        fix: {
          vehicleId: 'bus-2223',
          deviceTime: Date.parse('2016-12-16T14:00:30Z'),
          lat: 30.268,
          lon: -97.744,
          speedKmh: 9,
        },
        label: 'Bus 2223 & co',
      },
      {
        refused: {
          code: 'invalid_time',
          message: 'time "2016-12-16T14:01:00" has no zone; add Z or ±hh:mm',
        },
      },
    ]);
  });

  it('refuses XML that is not well formed', () => {
    expect(() => readAll('<gpx><trk></gpx>', 4)).toThrow(GpxError);
  });

  it('expands no entity a document declares', () => {
    const bomb =
      '<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">]><gpx><trk><name>&a;</name></trk></gpx>';
    expect(() => readAll(bomb, 16)).toThrow(GpxError);
  });
});
