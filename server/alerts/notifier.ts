import type { Delivery, EmailBody, WebhookBody } from '../../lib/protocol';
import {
  insertDeliveries,
  toDelivery,
  type DueDelivery,
  type NewDelivery,
} from '../db/notify-deliveries';
import type { TargetRow } from '../db/notify-targets';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import { systemClock, type Clock } from '../notify/clock';
import { createMailer, NO_SMTP } from '../notify/email';
import { alertEmail, testEmail } from '../notify/email-text';
import type { AttemptResult } from '../notify/retry';
import { EVENT_OF, targetsFor } from '../notify/routing';
import { postWebhook } from '../notify/webhook';
import { DeliveryWorker } from '../notify/worker';
import type { AlertNotice, Notifier } from './notify';

/** The settings the notifier reads (server/config.ts). */
export interface NotifierConfig {
  /** Per webhook request and per SMTP step. */
  notifyTimeoutMs: number;
  /** Pauses before each retry. */
  notifyRetryDelaysMs: readonly number[];
  smtpUrl: string | undefined;
  smtpFrom: string | undefined;
  /** Base of the dashboard link in e-mails; a bare path without it. */
  publicUrl: string | undefined;
}

export interface NotifyService extends Notifier {
  /** Queues a test notice to one target and makes its first attempt now. */
  sendTest(target: TargetRow): Promise<Delivery>;
  /** Calls `listener` with each attempt as stored; answers the unsubscribe. */
  onAttempt(listener: (delivery: Delivery) => void): () => void;
  /** Resolves once nothing is being looked up or sent. */
  idle(): Promise<void>;
}

/**
 * Webhooks and e-mail for alerts. `notify` only writes the deliveries, in
 * one transaction, and wakes the worker; sending, retrying and the log
 * are the worker's. Pending deliveries left by an earlier run resume now.
 */
export function createNotifier(
  db: Db,
  config: NotifierConfig,
  log: Logger,
  clock: Clock = systemClock,
): NotifyService {
  const mailer = createMailer(
    {
      smtpUrl: config.smtpUrl,
      smtpFrom: config.smtpFrom,
      timeoutMs: config.notifyTimeoutMs,
    },
    log,
  );
  const listeners = new Set<(delivery: Delivery) => void>();

  const send = async (row: DueDelivery, signal: AbortSignal): Promise<AttemptResult> => {
    if (row.kind === null || row.address === null) {
      return { outcome: 'failed', error: 'target deleted' };
    }
    if (row.kind === 'email') {
      return mailer.send(row.address, row.id, JSON.parse(row.body) as EmailBody);
    }
    const body = JSON.parse(row.body) as WebhookBody;
    const request = {
      url: row.address,
      secret: row.secret ?? '',
      deliveryId: row.id,
      body,
    };
    const options = { now: clock.now(), timeoutMs: config.notifyTimeoutMs, signal };
    return postWebhook(request, options);
  };

  const worker = new DeliveryWorker(db, {
    send,
    clock,
    retryDelaysMs: config.notifyRetryDelaysMs,
    onAttempt(delivery, result) {
      logAttempt(log, delivery, result);
      for (const listener of listeners) listener(delivery);
    },
    onError: (error) => log.error('the delivery worker failed', { error }),
  });
  worker.wake();

  return {
    async notify(notice) {
      try {
        const queued = await db.transaction().execute(async (trx) => {
          const targets = await trx
            .selectFrom('notify_targets')
            .selectAll()
            .where('fleet_id', '=', notice.alert.fleet_id)
            .where('enabled', '=', 1)
            .execute();
          const list = targetsFor(notice, targets).map((t) =>
            deliveryFor(notice, t, config.publicUrl),
          );
          return insertDeliveries(trx, list, clock.now());
        });
        if (queued.length > 0) worker.wake();
      } catch (error) {
        const alertId = notice.alert.alert_id;
        log.error('could not queue notices', { alertId, kind: notice.kind, error });
      }
    },

    async sendTest(target) {
      const body: WebhookBody | EmailBody =
        target.kind === 'email'
          ? testEmail(target.fleet_id, target.tier)
          : { event: 'test', alert: null, rule: null, tier: target.tier };
      const test: NewDelivery = {
        targetId: target.id,
        fleetId: target.fleet_id,
        alertId: null,
        event: 'test',
        body,
      };
      const [row] = await insertDeliveries(db, [test], clock.now());
      if (!row) throw new Error('the test delivery was not stored');
      return (await worker.attemptNow(row.id)) ?? toDelivery(row);
    },

    onAttempt(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    idle: () => worker.idle(),

    async close() {
      await worker.close();
      mailer.close();
    },
  };
}

/** One target's delivery of a notice; `tier` in a webhook body is the target's. */
function deliveryFor(
  notice: AlertNotice,
  target: TargetRow,
  publicUrl: string | undefined,
): NewDelivery {
  const event = EVENT_OF[notice.kind];
  const body: WebhookBody | EmailBody =
    target.kind === 'email'
      ? alertEmail(notice, publicUrl)
      : { event, alert: notice.alert, rule: notice.rule, tier: target.tier };
  return {
    targetId: target.id,
    fleetId: target.fleet_id,
    alertId: notice.alert.alert_id,
    event,
    body,
  };
}

/**
 * Quiet while retries may still succeed; a delivery given up is a
 * warning, except for a missing SMTP_URL, which the mailer warns of once.
 */
function logAttempt(log: Logger, d: Delivery, result: AttemptResult): void {
  const fields = {
    deliveryId: d.delivery_id,
    targetId: d.target_id,
    event: d.event,
    attempts: d.attempts,
    ...(d.last_status !== undefined && { status: d.last_status }),
    ...(result.outcome !== 'delivered' && { error: d.last_error }),
  };
  const noSmtp = result.outcome === 'failed' && result.error === NO_SMTP;
  if (d.status === 'failed' && !noSmtp) {
    log.warn('delivery failed; no more attempts', fields);
    return;
  }
  log.debug(`delivery ${d.status}`, fields);
}
