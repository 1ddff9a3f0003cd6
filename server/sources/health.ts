import { Counter, Gauge, type Metric } from 'prom-client';
import {
  SOURCE_KINDS,
  type FixRejectCode,
  type FixStatus,
  type SourceHealth,
  type SourceKind,
} from '../../lib/protocol';

/** Seconds the per-minute rate looks back. */
const RATE_WINDOW_S = 60;

/**
 * Counts what every source does, per fleet: fixes by outcome and reject
 * reason, failures of the source itself, the newest message and the rate
 * over the last minute. The same events feed Prometheus, without the fleet
 * (its label would grow with every tenant). In memory: counts start at
 * zero with the process, like any Prometheus counter.
 */
export class SourceMonitor {
  /** For Ops to register; they belong to no registry until then. */
  readonly metrics: Metric[];
  private readonly books = new Map<string, Book>();
  private readonly fixes: Counter<'source' | 'outcome' | 'reason'>;
  private readonly failures: Counter<'source' | 'kind'>;
  private readonly lastSeen: Gauge<'source'>;

  constructor(private readonly now: () => number = Date.now) {
    this.fixes = new Counter({
      name: 'fleetlight_source_fixes_total',
      help: 'Fixes handed in by each source, by outcome and reject reason',
      labelNames: ['source', 'outcome', 'reason'],
      registers: [],
    });
    this.failures = new Counter({
      name: 'fleetlight_source_errors_total',
      help: 'Failures of a source itself (a feed not answering), by kind',
      labelNames: ['source', 'kind'],
      registers: [],
    });
    this.lastSeen = new Gauge({
      name: 'fleetlight_source_last_message_timestamp_seconds',
      help: 'Server time of the newest fix from each source, Unix seconds',
      labelNames: ['source'],
      registers: [],
    });
    this.metrics = [this.fixes, this.failures, this.lastSeen];
  }

  /** One fix of `source` in `fleetId` had this outcome. */
  record(
    source: SourceKind,
    fleetId: string | undefined,
    status: FixStatus,
    reason?: FixRejectCode,
  ): void {
    const at = this.now();
    const rejected = status === 'rejected' ? (reason ?? 'invalid_value') : undefined;
    this.fixes.inc(
      rejected
        ? { source, outcome: status, reason: rejected }
        : { source, outcome: status },
    );
    this.lastSeen.set({ source }, at / 1000);
    // A device nobody registered belongs to no fleet: metrics only.
    if (fleetId === undefined) return;

    const book = this.book(source, fleetId);
    book.lastAt = at;
    book.rate.add(at);
    if (status === 'accepted') book.accepted++;
    else if (status === 'duplicate') book.duplicates++;
    else if (rejected) {
      book.rejected++;
      book.byReason[rejected] = (book.byReason[rejected] ?? 0) + 1;
    }
  }

  /** The source itself failed, for example a feed that did not answer. */
  fail(source: SourceKind, fleetId: string, kind: string, message: string): void {
    this.failures.inc({ source, kind });
    const book = this.book(source, fleetId);
    book.errors++;
    book.byKind[kind] = (book.byKind[kind] ?? 0) + 1;
    book.lastError = { kind, message, at: new Date(this.now()).toISOString() };
  }

  /** Every source of a fleet, in SOURCE_KINDS order, silent ones as zeros. */
  health(fleetId: string): SourceHealth[] {
    const at = this.now();
    return SOURCE_KINDS.map((source) => {
      const b = this.books.get(keyOf(source, fleetId)) ?? new Book();
      return {
        source,
        accepted: b.accepted,
        duplicates: b.duplicates,
        rejected: b.rejected,
        rejected_by_reason: { ...b.byReason },
        errors: b.errors,
        errors_by_kind: { ...b.byKind },
        last_error: b.lastError,
        last_message_at: b.lastAt === null ? null : new Date(b.lastAt).toISOString(),
        per_minute: b.rate.count(at),
      };
    });
  }

  private book(source: SourceKind, fleetId: string): Book {
    const key = keyOf(source, fleetId);
    let book = this.books.get(key);
    if (!book) {
      book = new Book();
      this.books.set(key, book);
    }
    return book;
  }
}

function keyOf(source: SourceKind, fleetId: string): string {
  return `${source}\u0000${fleetId}`;
}

class Book {
  accepted = 0;
  duplicates = 0;
  rejected = 0;
  byReason: Partial<Record<FixRejectCode, number>> = {};
  errors = 0;
  byKind: Record<string, number> = {};
  lastError: SourceHealth['last_error'] = null;
  lastAt: number | null = null;
  readonly rate = new MinuteRate();
}

/** Events over the last minute, in one-second buckets: fixed memory. */
export class MinuteRate {
  private readonly counts = new Array<number>(RATE_WINDOW_S).fill(0);
  private readonly seconds = new Array<number>(RATE_WINDOW_S).fill(-1);

  add(at: number): void {
    const s = Math.floor(at / 1000);
    const i = s % RATE_WINDOW_S;
    if (this.seconds[i] !== s) {
      this.seconds[i] = s;
      this.counts[i] = 0;
    }
    this.counts[i] = (this.counts[i] ?? 0) + 1;
  }

  count(at: number): number {
    const now = Math.floor(at / 1000);
    let n = 0;
    for (let i = 0; i < RATE_WINDOW_S; i++) {
      const s = this.seconds[i] ?? -1;
      if (s > now - RATE_WINDOW_S && s <= now) n += this.counts[i] ?? 0;
    }
    return n;
  }
}
