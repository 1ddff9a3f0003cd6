import type {
  AlertAction,
  AlertRecord,
  AlertRule,
  AlertRuleList,
  AlertRulePatch,
} from '../../lib/protocol';
import {
  listRules,
  patchRule,
  resetRule,
  ruleOf,
  type RuleChange,
  type RuleChanged,
} from '../db/alert-rules';
import { transitionAlert, type TransitionOutcome } from '../db/alert-transitions';
import { clearAlert, listAlerts, MAX_ALERT_LIST, raiseAlert } from '../db/alerts';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import { systemClock, type Clock } from '../notify/clock';
import type { StreamHub } from '../stream/hub';
import { AlertScheduler } from './escalation';
import { toMessage, withRecord, type UnsentAlert } from './messages';
import { silentNotifier, type NoticeKind, type Notifier } from './notify';
import { notifies } from './plan';

export { toMessage, type UnsentAlert };

export interface AlertActor {
  keyId: string;
  fleets: ReadonlySet<string>;
}

export interface ActOptions {
  note?: string | undefined;
  requestId?: string | undefined;
}

export interface RaiseOptions {
  /**
   * A later report of an episode already raised (a lasting condition
   * reported while it lasts): it updates the open alert and is not one
   * more occurrence.
   */
  continuation?: boolean;
  /**
   * The condition still holds: the alert has not cleared, whatever its
   * category usually does between episodes.
   */
  ongoing?: boolean;
}

export interface DeskOptions {
  /** Server clock for every time the desk writes and its timer. */
  clock?: Clock;
  /** Longest the scheduler sleeps between passes; default 60 s. */
  maxSleepMs?: number;
}

export type RulesListener = (rules: AlertRuleList) => void;

/** A stored change, and what people outside the dashboard hear of it. */
interface Stored {
  alert: AlertRecord;
  rule: AlertRule;
  notice: NoticeKind | undefined;
}

const NOTICE_OF: Record<AlertAction, NoticeKind> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
};

/**
 * Where alerts live: every episode the engine finds is stored before it
 * is broadcast, and every change of state an admin, the engine or the
 * escalation scheduler makes is stored, audited and broadcast once, by
 * whoever won it, then handed to the notifier. Call `start` once the
 * database is open and `close` before it closes.
 */
export class AlertDesk {
  readonly scheduler: AlertScheduler;
  private readonly clock: Clock;
  private readonly zones = new Map<string, string>();
  private readonly ruleListeners = new Set<RulesListener>();

  constructor(
    private readonly db: Db,
    private readonly hub: StreamHub,
    private readonly log: Logger,
    private readonly notifier: Notifier = silentNotifier,
    opts: DeskOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.scheduler = new AlertScheduler({
      db,
      clock: this.clock,
      ...(opts.maxSleepMs !== undefined && { maxSleepMs: opts.maxSleepMs }),
      onError: (error) => log.error('alert scheduler pass failed', { error }),
      events: {
        escalated: (alert, rule) => this.changed(alert, rule, 'escalated'),
        resolved: (alert, rule) => this.changed(alert, rule, 'resolved'),
        replanned: (alert) => this.broadcast(alert, this.nowIso()),
      },
    });
  }

  /** Fires what fell due while the server was down, then keeps time. */
  async start(): Promise<void> {
    await this.scheduler.start();
  }

  async close(): Promise<void> {
    await this.scheduler.close();
  }

  /**
   * Stores an engine alert, then broadcasts it as stored. A message with
   * `auto_resolved: true` clears the open alert of its vehicle and
   * category instead; its rule decides whether that resolves it, now or
   * later. If storing fails the message still goes out as it came: a live
   * alert nobody sees is worse than one missing from the log. Answers the
   * alert as stored, if it was.
   */
  async raise(
    unsent: UnsentAlert,
    opts: RaiseOptions = {},
  ): Promise<AlertRecord | undefined> {
    let stored: Stored | undefined;
    try {
      stored = await this.store(unsent, opts);
    } catch (error) {
      this.log.error('could not store an alert', { error });
    }
    const message = stored ? withRecord(unsent, stored.alert) : unsent;
    this.hub.publish(unsent.payload.fleet_id, message);
    if (!stored) return undefined;

    this.scheduler.wake();
    if (stored.notice) await this.tell(stored.notice, stored.alert, stored.rule);
    return stored.alert;
  }

  /** An admin's acknowledgement or resolution; the winner broadcasts. */
  async act(
    actor: AlertActor,
    alertId: string,
    action: AlertAction,
    opts: ActOptions = {},
  ): Promise<TransitionOutcome> {
    const outcome = await transitionAlert(this.db, {
      alertId,
      action,
      actor: actor.keyId,
      fleets: actor.fleets,
      note: opts.note,
      requestId: opts.requestId,
      now: new Date(this.clock.now()),
    });
    if (!outcome.ok || !outcome.changed) return outcome;

    const { alert } = outcome;
    this.broadcast(alert);
    this.scheduler.wake();
    const rule = await ruleOf(this.db, alert.fleet_id, alert.category);
    await this.tell(NOTICE_OF[action], alert, rule);
    return outcome;
  }

  /** A fleet's alerts not yet resolved, as stream messages, oldest first. */
  async openMessages(fleetId: string): Promise<UnsentAlert[]> {
    const open = await listAlerts(this.db, fleetId, {
      status: 'open',
      limit: MAX_ALERT_LIST,
    });
    return open.reverse().map((r) => toMessage(r));
  }

  /** A fleet's rules, defaults included. */
  async rules(fleetId: string): Promise<AlertRuleList> {
    return { fleet_id: fleetId, rules: await listRules(this.db, fleetId) };
  }

  /** An admin's change of a rule; open alerts of the category re-plan. */
  async updateRule(
    actor: AlertActor,
    fleetId: string,
    category: string,
    patch: AlertRulePatch,
  ): Promise<AlertRule> {
    const change = this.ruleChange(actor, fleetId, category);
    const result = await patchRule(this.db, change, patch);
    await this.ruleChanged(fleetId, result);
    return result.rule;
  }

  /** Puts a category back to its default rule. */
  async resetRule(
    actor: AlertActor,
    fleetId: string,
    category: string,
  ): Promise<AlertRule> {
    const change = this.ruleChange(actor, fleetId, category);
    const result = await resetRule(this.db, change);
    await this.ruleChanged(fleetId, result);
    return result.rule;
  }

  /** Hears every fleet's rules after each change; answers the unsubscribe. */
  onRules(listener: RulesListener): () => void {
    this.ruleListeners.add(listener);
    return () => this.ruleListeners.delete(listener);
  }

  private async store(
    unsent: UnsentAlert,
    opts: RaiseOptions,
  ): Promise<Stored | undefined> {
    const p = unsent.payload;
    const now = new Date(this.clock.now());
    if (p.auto_resolved) {
      const c = await clearAlert(this.db, p.fleet_id, p.vehicle_id, p.category, now);
      return c && { ...c, notice: c.resolved ? 'resolved' : undefined };
    }
    const safety = unsent.channel === 'alerts' ? unsent.payload : undefined;
    const r = await raiseAlert(
      this.db,
      {
        channel: unsent.channel,
        fleetId: p.fleet_id,
        vehicleId: p.vehicle_id,
        ...(safety?.driver_id !== undefined && { driverId: safety.driver_id }),
        ...(safety?.trip_id !== undefined && { tripId: safety.trip_id }),
        category: p.category,
        severity: p.severity,
        ...(p.location !== undefined && { location: p.location }),
        eventData: p.event_data,
        recommendedActions: p.recommended_actions,
        at: unsent.timestamp,
        ...(opts.continuation === true && { continuation: true }),
        ...(opts.ongoing === true && { ongoing: true }),
      },
      now,
    );
    return { ...r, notice: r.crossed ? 'raised' : undefined };
  }

  private ruleChange(actor: AlertActor, fleetId: string, category: string): RuleChange {
    return { fleetId, category, actor: actor.keyId, now: new Date(this.clock.now()) };
  }

  private async ruleChanged(fleetId: string, result: RuleChanged): Promise<void> {
    if (!result.changed) return;
    const at = this.nowIso();
    for (const alert of result.replanned) this.broadcast(alert, at);
    this.scheduler.wake();
    const rules = await this.rules(fleetId);
    for (const listener of this.ruleListeners) listener(rules);
  }

  /** The scheduler escalated or resolved an alert. */
  private async changed(
    alert: AlertRecord,
    rule: AlertRule,
    notice: NoticeKind,
  ): Promise<void> {
    // Stamped with the change: a resolution by its resolved_at.
    const at = notice === 'escalated' ? alert.escalated_at : alert.resolved_at;
    this.broadcast(alert, at);
    await this.tell(notice, alert, rule);
  }

  /**
   * Hands a notice to the notifier when the rule tells people of alerts
   * this grave. Its failure is logged, never the alert's.
   */
  private async tell(
    kind: NoticeKind,
    alert: AlertRecord,
    rule: AlertRule,
  ): Promise<void> {
    if (!notifies(rule, alert.severity)) return;
    const tier = kind === 'raised' ? 0 : alert.escalation_level;
    try {
      const timeZone = await this.timeZoneOf(alert.fleet_id);
      await this.notifier.notify({ kind, alert, rule, tier, timeZone });
    } catch (error) {
      this.log.error('the notifier refused a notice', {
        kind,
        alertId: alert.alert_id,
        error,
      });
    }
  }

  private async timeZoneOf(fleetId: string): Promise<string> {
    const known = this.zones.get(fleetId);
    if (known !== undefined) return known;
    const row = await this.db
      .selectFrom('fleets')
      .select('timezone')
      .where('id', '=', fleetId)
      .executeTakeFirst();
    const zone = row?.timezone ?? 'UTC';
    this.zones.set(fleetId, zone);
    return zone;
  }

  private broadcast(alert: AlertRecord, at?: string): void {
    this.hub.publish(alert.fleet_id, toMessage(alert, at));
  }

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
