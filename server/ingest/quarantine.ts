import type { Correction, RejectReason } from './validate';

/** Newest rejected fixes kept per vehicle. */
export const QUARANTINE_RECENT = 50;

/** One refused or held fix, as an admin reads it. */
export interface QuarantinedFix {
  /** Server time it arrived, ISO 8601 UTC. */
  received_at: string;
  /** Its device time, when it had a readable one. */
  device_time?: string;
  reason: RejectReason | string;
  message: string;
  /** Its position, when both values were finite numbers. */
  lat?: number;
  lon?: number;
}

/** `GET …/quarantine`: what ingest refused, held or repaired for one vehicle. */
export interface QuarantineView {
  vehicle_id: string;
  rejected: number;
  rejected_by_reason: Record<string, number>;
  corrected_by_kind: Partial<Record<Correction, number>>;
  /** Re-sent fixes ingest took as no-ops, exact or near. */
  duplicates: number;
  /** Times a run of held fixes moved the vehicle to a new place. */
  reanchored: number;
  /** Newest first, at most QUARANTINE_RECENT. */
  recent: QuarantinedFix[];
}

export interface RefusedFix {
  reason: RejectReason | string;
  message: string;
  deviceTime?: number;
  lat?: number;
  lon?: number;
}

interface Book {
  rejected: number;
  byReason: Record<string, number>;
  corrected: Partial<Record<Correction, number>>;
  duplicates: number;
  reanchored: number;
  recent: QuarantinedFix[];
}

/**
 * Per-vehicle record of the fixes ingest would not draw as live, so an
 * admin can see why a vehicle stands still. In memory and bounded: one
 * book per registered vehicle (the caller records no other), each with
 * counts and the newest QUARANTINE_RECENT fixes. Counts start at zero
 * with the process, like the Prometheus counters beside them.
 */
export class Quarantine {
  private readonly books = new Map<string, Book>();

  constructor(private readonly recentLimit = QUARANTINE_RECENT) {}

  refused(vehicleId: string, at: number, fix: RefusedFix): void {
    const book = this.book(vehicleId);
    book.rejected++;
    book.byReason[fix.reason] = (book.byReason[fix.reason] ?? 0) + 1;
    const entry: QuarantinedFix = {
      received_at: new Date(at).toISOString(),
      reason: fix.reason,
      message: fix.message,
    };
    const time = fix.deviceTime;
    if (time !== undefined && Number.isFinite(time) && Math.abs(time) < 8.64e15) {
      entry.device_time = new Date(time).toISOString();
    }
    if (Number.isFinite(fix.lat) && Number.isFinite(fix.lon)) {
      entry.lat = fix.lat as number;
      entry.lon = fix.lon as number;
    }
    book.recent.unshift(entry);
    if (book.recent.length > this.recentLimit) book.recent.pop();
  }

  corrected(vehicleId: string, kinds: readonly Correction[]): void {
    const book = this.book(vehicleId);
    for (const k of kinds) book.corrected[k] = (book.corrected[k] ?? 0) + 1;
  }

  duplicate(vehicleId: string): void {
    this.book(vehicleId).duplicates++;
  }

  reanchored(vehicleId: string): void {
    this.book(vehicleId).reanchored++;
  }

  /** The record of one vehicle; all zero when nothing was refused. */
  view(vehicleId: string): QuarantineView {
    const b = this.books.get(vehicleId);
    return {
      vehicle_id: vehicleId,
      rejected: b?.rejected ?? 0,
      rejected_by_reason: { ...b?.byReason },
      corrected_by_kind: { ...b?.corrected },
      duplicates: b?.duplicates ?? 0,
      reanchored: b?.reanchored ?? 0,
      recent: [...(b?.recent ?? [])],
    };
  }

  private book(vehicleId: string): Book {
    let book = this.books.get(vehicleId);
    if (!book) {
      book = {
        rejected: 0,
        byReason: {},
        corrected: {},
        duplicates: 0,
        reanchored: 0,
        recent: [],
      };
      this.books.set(vehicleId, book);
    }
    return book;
  }
}
