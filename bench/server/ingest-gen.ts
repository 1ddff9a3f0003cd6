/**
 * The HTTP ingest load generator, in a process of its own: `rate`
 * vehicles each reporting once a second, a fleet's fixes posted together
 * (in batches of at most INGEST_MAX_BATCH), the fleets spread evenly over
 * each second. A fix's time is when it is posted, so the dashboards'
 * latency runs from the generator's send to their receive.
 */
import http from 'node:http';
import { BENCH_KEY, fleetName } from './fanout';
import { vehicleName } from './feed';
import { serve } from './rpc';
import { watchLoad, type GeneratorLoad } from './stats';

export interface IngestArgs {
  url: string;
  /** Fixes a second, one per vehicle. */
  rate: number;
  fleets: number;
  seconds: number;
}

export interface IngestResult {
  sent: number;
  accepted: number;
  rejected: number;
  /** Requests that failed or were answered other than 200. */
  failed: number;
  load: GeneratorLoad;
}

/** The server's default INGEST_MAX_BATCH. */
const MAX_BATCH = 500;
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
/** Seconds reported so far, so positions keep moving from run to run. */
let lap = 0;

function post(
  url: string,
  body: string,
): Promise<{ accepted: number; rejected: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/v1/ingest/positions`,
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${BENCH_KEY}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode !== 200)
            return reject(new Error(`${res.statusCode} ${text}`));
          resolve(JSON.parse(text) as { accepted: number; rejected: number });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Vehicle i's fix at this lap: 40–60 km/h along its own heading. */
function fix(i: number, at: number) {
  const heading = (i * 37) % 360;
  const speed = 40 + (i % 21);
  const metres = (lap * speed) / 3.6;
  const rad = (heading * Math.PI) / 180;
  return {
    vehicle_id: vehicleName(i),
    timestamp: at,
    lat:
      Math.round((30.1 + (i % 211) * 1e-3 + (metres * Math.cos(rad)) / 111_000) * 1e6) /
      1e6,
    lon:
      Math.round((-97.9 + (i % 199) * 1e-3 + (metres * Math.sin(rad)) / 96_000) * 1e6) /
      1e6,
    speed_kmh: speed,
    heading,
  };
}

function run(args: IngestArgs): Promise<IngestResult> {
  const { url, rate, fleets, seconds } = args;
  const members = Array.from({ length: fleets }, () => [] as number[]);
  for (let i = 0; i < rate; i++) members[i % fleets]?.push(i);
  const result = { sent: 0, accepted: 0, rejected: 0, failed: 0 };
  const watch = watchLoad();
  const started = performance.now();
  const pending: Array<Promise<void>> = [];
  let slot = 0;

  // Each post carries the time it was due, so a late one is counted late
  // and a vehicle's fixes stay a second apart however the loop runs.
  const epoch = Date.now();
  const send = (fleet: number) => {
    const at = epoch + Math.floor((slot * 1000) / fleets);
    const ids = members[fleet] ?? [];
    for (let k = 0; k < ids.length; k += MAX_BATCH) {
      const fixes = ids.slice(k, k + MAX_BATCH).map((i) => fix(i, at));
      const body = JSON.stringify({ fleet_id: fleetName(fleet), fixes });
      result.sent += fixes.length;
      pending.push(
        post(url, body).then(
          (r) => {
            result.accepted += r.accepted;
            result.rejected += r.rejected;
          },
          () => void result.failed++,
        ),
      );
    }
  };

  return new Promise((resolve) => {
    const tick = () => {
      const elapsed = (performance.now() - started) / 1000;
      const due = Math.min(seconds * fleets, Math.floor(elapsed * fleets));
      for (; slot < due; slot++) {
        if (slot % fleets === 0 && slot > 0) lap++;
        send(slot % fleets);
      }
      if (slot < seconds * fleets) return void setTimeout(tick, 5);
      lap++;
      void Promise.all(pending).then(() => resolve({ ...result, load: watch.stop() }));
    };
    tick();
  });
}

serve({ run: (args: IngestArgs) => run(args) });
