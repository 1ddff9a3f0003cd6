import sax from 'sax';
import { msToKmh } from '../../../lib/geo/units';
import type { Fix } from '../../ingest/fix';
import { decimal } from '../decimal';
import type { Candidate } from '../gateway';
import { readIsoTime } from '../time';

/** The trkpt children read; names compared without namespace prefix. */
const READINGS = new Set(['time', 'ele', 'speed', 'course', 'heading']);

/**
 * Track points of a GPX 1.0 or 1.1 file, parsed as it arrives. Each
 * `trkpt` becomes one fix of `vehicleId`: `lat`/`lon` attributes, `time`
 * (ISO 8601 with a zone, as the schema requires), `ele` in metres, and,
 * where a logger writes them, `speed` in m/s (GPX 1.0, OsmAnd and Garmin
 * extensions alike) and `course` or `heading` in degrees. Routes and
 * waypoints are plans, not tracks, and are skipped. The first track's
 * `name` becomes the vehicle's label.
 *
 * The parser expands no entities beyond XML's own five, so an upload
 * cannot make it fetch or balloon anything.
 */
export class GpxStream {
  private readonly parser = sax.parser(true, { trim: true });
  private readonly stack: string[] = [];
  private out: Candidate[] = [];
  private point: { lat?: string; lon?: string; values: Map<string, string> } | undefined;
  private text = '';
  private trackName: string | undefined;

  constructor(private readonly vehicleId: string) {
    const p = this.parser;
    p.onopentag = (node) => this.open(localName(node.name), node.attributes);
    p.onclosetag = (name) => this.close(localName(name));
    p.ontext = (t) => (this.text += t);
    p.oncdata = (t) => (this.text += t);
    p.onerror = (error) => {
      throw new GpxError(`not well-formed GPX: ${error.message.split('\n')[0]}`);
    };
  }

  /** Reads a piece; answers the points it completed, in file order. */
  push(text: string): Candidate[] {
    this.parser.write(text);
    return this.take();
  }

  end(): Candidate[] {
    this.parser.close();
    if (this.stack.length > 0) throw new GpxError('the GPX file ends inside an element');
    return this.take();
  }

  private take(): Candidate[] {
    const done = this.out;
    this.out = [];
    return done;
  }

  private open(
    name: string,
    attributes: Record<string, string | sax.QualifiedAttribute>,
  ) {
    this.stack.push(name);
    this.text = '';
    if (name !== 'trkpt') return;
    const attr = (n: string) => {
      const a = attributes[n];
      return typeof a === 'string' ? a : a?.value;
    };
    this.point = { values: new Map() };
    const lat = attr('lat');
    const lon = attr('lon');
    if (lat !== undefined) this.point.lat = lat;
    if (lon !== undefined) this.point.lon = lon;
  }

  private close(name: string): void {
    this.stack.pop();
    const parent = this.stack.at(-1);
    if (name === 'name' && parent === 'trk' && this.trackName === undefined) {
      this.trackName = this.text.slice(0, 100) || undefined;
    }
    // Extensions nest readings one or two levels below the point.
    if (this.point && READINGS.has(name) && this.stack.includes('trkpt')) {
      if (!this.point.values.has(name)) this.point.values.set(name, this.text);
    }
    if (name === 'trkpt' && this.point) {
      this.out.push(this.toCandidate(this.point));
      this.point = undefined;
    }
    this.text = '';
  }

  private toCandidate(p: NonNullable<GpxStream['point']>): Candidate {
    const lat = decimal(p.lat ?? '');
    const lon = decimal(p.lon ?? '');
    if (lat === undefined || lon === undefined) {
      const message = 'trkpt needs lat and lon attributes in decimal degrees';
      return { refused: { code: 'invalid_coordinates', message } };
    }
    const stamp = p.values.get('time');
    if (stamp === undefined) {
      return { refused: { code: 'invalid_time', message: 'trkpt has no time' } };
    }
    const time = readIsoTime(stamp);
    if (!time.ok) return { refused: { code: 'invalid_time', message: time.message } };

    const fix: Fix = { vehicleId: this.vehicleId, deviceTime: time.ms, lat, lon };
    const label = this.trackName;
    const read = (name: string) => decimal(p.values.get(name) ?? '');
    const ele = read('ele');
    if (ele !== undefined) fix.altitudeM = ele;
    const speed = read('speed');
    if (speed !== undefined) fix.speedKmh = msToKmh(speed);
    const heading = read('course') ?? read('heading');
    if (heading !== undefined) fix.heading = heading;
    return label === undefined ? { fix } : { fix, label };
  }
}

export class GpxError extends Error {
  override name = 'GpxError';
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}
