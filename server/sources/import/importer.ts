import type {
  ImportFormat,
  ImportMode,
  ImportReplay,
  ImportReport,
  ImportRowError,
} from '../../../lib/protocol';
import type { Fix } from '../../ingest/fix';
import { validateFix } from '../../ingest/validate';
import { CsvError } from '../csv';
import type { Candidate, IngestGateway, Verdict } from '../gateway';
import { makeRecording, type RecordedFix, type Recording } from '../recording';
import { csvReaderFor, type CsvFormat, type RowReader } from './csv-formats';
import { CsvStream } from './csv-stream';
import { GpxError, GpxStream } from './gpx-stream';

export interface ImportOptions {
  fleetId: string;
  mode: ImportMode;
  format: ImportFormat;
  /** The vehicle a GPX track belongs to. */
  vehicleId?: string;
  /** Recorded ms played per wall ms, for a replay. */
  speed: number;
}

export interface ImportDeps {
  gateway: IngestGateway;
  /** Starts playing a checked recording; answers its status. */
  startReplay(fleetId: string, recording: Recording, speed: number): ImportReplay;
  now?: () => number;
}

/** The upload as a whole cannot be read; answered as a 400. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** Refused rows listed in a report; the rest are only counted. */
export const MAX_REPORTED_ERRORS = 100;

/** Rows handed to ingest at a time, so a large history streams through. */
const HISTORY_BATCH = 500;

/**
 * Reads an upload as it arrives and takes in its fixes, as history
 * (stored, never live) or as a replay (played like the demo), through the
 * same gateway as every other source. Answers a per-row report.
 */
export async function runImport(
  body: AsyncIterable<Buffer>,
  opts: ImportOptions,
  deps: ImportDeps,
): Promise<ImportReport> {
  const sink =
    opts.mode === 'history' ? new HistorySink(opts, deps) : new ReplaySink(opts, deps);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let reader: PieceReader | undefined;

  try {
    for await (const chunk of body) {
      const text = decoder.decode(chunk, { stream: true });
      reader ??= pickReader(text, opts);
      if (reader) await sink.take(reader.push(text));
    }
    const rest = decoder.decode();
    reader ??= pickReader(rest, opts);
    if (!reader) throw new ImportError('the upload is empty');
    await sink.take([...reader.push(rest), ...reader.end()]);
  } catch (error) {
    if (error instanceof CsvError || error instanceof GpxError) {
      throw new ImportError(error.message, { cause: error });
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      throw new ImportError('the upload is not UTF-8 text', { cause: error });
    }
    throw error;
  }
  return sink.finish(reader.format);
}

interface PieceReader {
  format: Exclude<ImportFormat, 'auto'>;
  push(text: string): Candidate[];
  end(): Candidate[];
}

/** Decides the format from the first visible character; undefined until one came. */
function pickReader(text: string, opts: ImportOptions): PieceReader | undefined {
  const first = /\S/.exec(text)?.[0];
  if (first === undefined) return undefined;
  const { format } = opts;
  if (first === '<') {
    if (format !== 'auto' && format !== 'gpx') {
      throw new ImportError(`format=${format}, but the upload is XML`);
    }
    return gpxReader(opts);
  }
  if (format === 'gpx') throw new ImportError('format=gpx, but the upload is not XML');
  return csvReader(format);
}

function gpxReader(opts: ImportOptions): PieceReader {
  if (!opts.vehicleId) throw new ImportError('a GPX track needs vehicle_id in the query');
  const gpx = new GpxStream(opts.vehicleId);
  return {
    format: 'gpx',
    push: (text) => gpx.push(text),
    end: () => gpx.end(),
  };
}

function csvReader(wanted: CsvFormat | 'auto'): PieceReader {
  const csv = new CsvStream();
  let read: RowReader | undefined;
  const reader: PieceReader = {
    format: wanted === 'auto' ? 'generic' : wanted,
    push: (text) => rows(csv.push(text)),
    end: () => rows(csv.end()),
  };
  const rows = (records: string[][]): Candidate[] => {
    const out: Candidate[] = [];
    for (const fields of records) {
      if (read) {
        out.push(read(fields));
        continue;
      }
      const picked = csvReaderFor(fields, wanted);
      if (typeof picked === 'string') throw new ImportError(picked);
      read = picked.read;
      reader.format = picked.format;
    }
    return out;
  };
  return reader;
}

/** Tallies verdicts into the report, numbering rows from 1. */
abstract class Sink {
  protected rows = 0;
  protected accepted = 0;
  protected duplicates = 0;
  protected rejected = 0;
  protected readonly errors: ImportRowError[] = [];
  protected omitted = 0;
  protected readonly vehicles = new Set<string>();

  constructor(
    protected readonly opts: ImportOptions,
    protected readonly deps: ImportDeps,
  ) {}

  abstract take(candidates: Candidate[]): Promise<void>;

  async finish(format: Exclude<ImportFormat, 'auto'>): Promise<ImportReport> {
    return {
      fleet_id: this.opts.fleetId,
      mode: this.opts.mode,
      format,
      rows: this.rows,
      accepted: this.accepted,
      duplicates: this.duplicates,
      rejected: this.rejected,
      vehicles: [...this.vehicles].sort(),
      errors: this.errors,
      errors_omitted: this.omitted,
    };
  }

  protected tally(row: number, verdict: Verdict, vehicleId?: string): void {
    if (verdict.status === 'accepted') {
      this.accepted++;
      if (vehicleId !== undefined) this.vehicles.add(vehicleId);
      return;
    }
    if (verdict.status === 'duplicate') {
      this.duplicates++;
      return;
    }
    this.rejected++;
    if (this.errors.length >= MAX_REPORTED_ERRORS) {
      this.omitted++;
      return;
    }
    const message = verdict.message ?? verdict.code ?? 'refused';
    this.errors.push({ row, code: verdict.code ?? 'invalid_value', message });
  }
}

/** History: stored as it streams, in batches, never published. */
class HistorySink extends Sink {
  private pending: Candidate[] = [];

  async take(candidates: Candidate[]): Promise<void> {
    for (const c of candidates) {
      this.pending.push(c);
      if (this.pending.length >= HISTORY_BATCH) await this.flush();
    }
  }

  override async finish(format: Exclude<ImportFormat, 'auto'>): Promise<ImportReport> {
    await this.flush();
    // Answered once on disk: a track asked for next finds every row.
    await this.deps.gateway.flush();
    return super.finish(format);
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const verdicts = await this.deps.gateway.submit('import', this.opts.fleetId, batch, {
      history: true,
      register: { timeScale: 1 },
    });
    verdicts.forEach((v, i) => {
      const c = batch[i];
      this.tally(++this.rows, v, c && 'fix' in c ? c.fix.vehicleId : undefined);
    });
  }
}

/** Replay: checked whole, then played through a replayer from now. */
class ReplaySink extends Sink {
  private readonly read: Array<{ row: number; candidate: Candidate }> = [];

  async take(candidates: Candidate[]): Promise<void> {
    for (const candidate of candidates) this.read.push({ row: ++this.rows, candidate });
  }

  override async finish(format: Exclude<ImportFormat, 'auto'>): Promise<ImportReport> {
    const now = (this.deps.now ?? Date.now)();
    const checked = this.read.map(({ candidate }) => precheck(candidate, now));
    const admitted = await this.deps.gateway.prepare(
      'import',
      this.opts.fleetId,
      checked,
      {
        register: { timeScale: this.opts.speed },
      },
    );

    const recorded: RecordedFix[] = [];
    const seen = new Set<string>();
    admitted.forEach((a, i) => {
      const row = this.read[i]?.row ?? i + 1;
      if ('status' in a) return this.tally(row, a);
      const key = `${a.vehicleId}@${a.deviceTime}`;
      if (seen.has(key)) return this.tally(row, { status: 'duplicate' });
      seen.add(key);
      const { deviceTime, trackBreak: _break, ...fix } = a;
      recorded.push({ recordedTime: deviceTime, fix });
      this.tally(row, { status: 'accepted' }, a.vehicleId);
    });

    const report = await super.finish(format);
    if (recorded.length === 0) return report;
    const recording = makeRecording(this.opts.fleetId, recorded);
    const replay = this.deps.startReplay(this.opts.fleetId, recording, this.opts.speed);
    return { ...report, replay };
  }
}

/**
 * What ingest would refuse whatever the time it is played at: checked
 * now, with the device time set aside, since the replay picks that.
 */
function precheck(c: Candidate, now: number): Candidate {
  if (!('fix' in c)) return c;
  const fix: Fix = { ...c.fix, deviceTime: now };
  const checked = validateFix(fix, now);
  if (checked.ok) return c;
  const { reason, message } = checked.rejection;
  return { refused: { code: reason, message } };
}
