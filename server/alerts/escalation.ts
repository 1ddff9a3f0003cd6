import type { AlertRecord, AlertRule } from '../../lib/protocol';
import { ruleOf } from '../db/alert-rules';
import {
  clampPlans,
  dropEscalation,
  dueEscalations,
  dueResolutions,
  escalateAlert,
  nextDue,
  pruneRequests,
  resolveDue,
} from '../db/alert-schedule';
import type { Db } from '../db/open';
import { systemClock, type Clock } from '../notify/clock';
import { escalateAt, iso } from './plan';

export type { Clock };

/**
 * Longest the scheduler sleeps even with nothing due. Each pass re-reads
 * the database, so a wall clock that jumped, or plans another process
 * made, are noticed within this.
 */
export const MAX_SLEEP_MS = 60_000;
/** How long the answer to a request id is kept (field case C12). */
export const REQUEST_TTL_MS = 24 * 3_600_000;
/** How often kept answers older than that are deleted. */
export const PRUNE_EVERY_MS = 3_600_000;
/** Most escalations, and most auto-resolves, one pass makes; more follow at once. */
export const PASS_BATCH = 200;
/** Wait before the next pass when one failed or could change nothing due. */
const RETRY_MS = 1000;

/** What the scheduler changed, for the desk to broadcast and announce. */
export interface SchedulerEvents {
  escalated(alert: AlertRecord, rule: AlertRule): Promise<void>;
  resolved(alert: AlertRecord, rule: AlertRule): Promise<void>;
  /** A planned time moved, so dashboards showing it should hear. */
  replanned(alert: AlertRecord): void;
}

export interface PassReport {
  escalated: AlertRecord[];
  resolved: AlertRecord[];
  replanned: AlertRecord[];
  /** Kept request answers deleted. */
  pruned: number;
}

export interface SchedulerOptions {
  db: Db;
  events: SchedulerEvents;
  /** Default `systemClock`. */
  clock?: Clock;
  /** Told of a failed pass; the scheduler retries by itself. */
  onError?: (error: unknown) => void;
  /** Default MAX_SLEEP_MS. */
  maxSleepMs?: number;
}

/**
 * Escalates unacknowledged alerts and auto-resolves cleared ones when
 * their time comes. The plan lives in the database (`escalate_at`,
 * `auto_resolve_at`), never only in a timer: one timer is armed for the
 * earliest planned time and re-armed after each pass and each change, so
 * a restart loses nothing (field case C26).
 *
 * A pass escalates each due alert one level with one conditional update,
 * then plans the next a full delay after now: after a restart, or a clock
 * that jumped ahead, an overdue alert climbs one level, not one per
 * missed period, and never twice, even with two schedulers on one
 * database. Passes never overlap.
 */
export class AlertScheduler {
  private readonly clock: Clock;
  private readonly maxSleepMs: number;
  private queue: Promise<unknown> = Promise.resolve();
  private cancel: (() => void) | undefined;
  private armed: number | undefined;
  private rearming = false;
  private prunedAt: number | undefined;
  private closed = false;

  constructor(private readonly opts: SchedulerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.maxSleepMs = opts.maxSleepMs ?? MAX_SLEEP_MS;
  }

  /** Fires once whatever fell due while the server was down, then arms. */
  start(): Promise<PassReport> {
    return this.runDue();
  }

  /** One pass now, after the one in progress if any. */
  runDue(): Promise<PassReport> {
    return this.enqueue(() => this.pass());
  }

  /** Plans changed: re-reads the earliest planned time and re-arms. */
  wake(): void {
    if (this.closed || this.rearming) return;
    this.rearming = true;
    void this.enqueue(async () => {
      this.rearming = false;
      await this.arm(0);
    });
  }

  /** The server time (epoch ms) the timer is armed for, if it is. */
  get armedFor(): number | undefined {
    return this.armed;
  }

  /** Resolves once no pass or re-arming is queued. */
  async settled(): Promise<void> {
    let seen: Promise<unknown> | undefined;
    while (seen !== this.queue) {
      seen = this.queue;
      await seen;
    }
  }

  /** Stops the timer and waits for the pass in progress. */
  async close(): Promise<void> {
    this.closed = true;
    this.disarm();
    await this.settled();
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    // The queue itself never fails, or every later pass would be skipped.
    this.queue = run.catch((error: unknown) => this.report(error));
    return run;
  }

  private report(error: unknown): void {
    try {
      this.opts.onError?.(error);
    } catch {
      // A failing error listener must not stop the scheduler.
    }
  }

  private async pass(): Promise<PassReport> {
    const report: PassReport = { escalated: [], resolved: [], replanned: [], pruned: 0 };
    if (this.closed) return report;
    let failed = false;
    try {
      await this.work(this.clock.now(), report);
    } catch (error) {
      failed = true;
      this.report(error);
    }
    const changed = report.escalated.length + report.resolved.length > 0;
    await this.arm(failed || !changed ? RETRY_MS : 0);
    return report;
  }

  /** Clamps, then resolves, then escalates: a cleared alert is not paged. */
  private async work(now: number, report: PassReport): Promise<void> {
    const { db, events } = this.opts;
    const at = iso(now);
    const rules = ruleCache(db);

    for (const alert of await clampPlans(db, now, rules)) {
      report.replanned.push(alert);
      events.replanned(alert);
    }

    for (const due of await dueResolutions(db, at, PASS_BATCH)) {
      const alert = await resolveDue(db, due, at);
      if (!alert) continue;
      report.resolved.push(alert);
      await events.resolved(alert, await rules(due.fleet_id, due.category));
    }

    for (const due of await dueEscalations(db, at, PASS_BATCH)) {
      const rule = await rules(due.fleet_id, due.category);
      const wanted = escalateAt(rule, due.severity, due.escalation_level, now) !== null;
      const alert = wanted
        ? await escalateAlert(db, due, rule, now)
        : await dropEscalation(db, due, at);
      if (!alert) continue;
      if (!wanted) {
        report.replanned.push(alert);
        events.replanned(alert);
        continue;
      }
      report.escalated.push(alert);
      await events.escalated(alert, rule);
    }

    report.pruned = await this.prune(now);
  }

  /**
   * Arms the timer for the earliest planned time, at most `maxSleepMs`
   * ahead and at least `floorMs` (a pass that could change nothing due
   * must not spin).
   */
  private async arm(floorMs: number): Promise<void> {
    this.disarm();
    if (this.closed) return;

    let wait = this.maxSleepMs;
    try {
      const due = await nextDue(this.opts.db);
      if (due !== undefined) {
        const until = Date.parse(due) - this.clock.now();
        wait = Math.min(wait, Math.max(until, floorMs));
      }
    } catch (error) {
      this.report(error);
      wait = Math.max(RETRY_MS, floorMs);
    }
    if (this.closed) return;

    this.armed = this.clock.now() + wait;
    this.cancel = this.clock.after(wait, () => void this.runDue());
  }

  private disarm(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.armed = undefined;
  }

  /** At most once per PRUNE_EVERY_MS, and again if the clock went back. */
  private async prune(now: number): Promise<number> {
    const last = this.prunedAt;
    if (last !== undefined && now >= last && now - last < PRUNE_EVERY_MS) return 0;
    this.prunedAt = now;
    return pruneRequests(this.opts.db, iso(now - REQUEST_TTL_MS));
  }
}

/** Each fleet's rule for a category, read once per pass. */
function ruleCache(db: Db) {
  const seen = new Map<string, Promise<AlertRule>>();
  return (fleetId: string, category: string): Promise<AlertRule> => {
    const key = `${fleetId}\n${category}`;
    let rule = seen.get(key);
    if (!rule) {
      rule = ruleOf(db, fleetId, category);
      seen.set(key, rule);
    }
    return rule;
  };
}
