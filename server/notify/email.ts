import nodemailer from 'nodemailer';
import type { EmailBody } from '../../lib/protocol';
import type { Logger } from '../log';
import type { AttemptResult } from './retry';

export interface MailerConfig {
  /** smtp:// or smtps://, with user:pass when the relay wants them. */
  smtpUrl: string | undefined;
  smtpFrom: string | undefined;
  /** For connecting, the greeting and each reply. */
  timeoutMs: number;
}

export interface Mailer {
  send(to: string, deliveryId: string, mail: EmailBody): Promise<AttemptResult>;
  close(): void;
}

export const NO_SMTP = 'SMTP_URL is not set; e-mail cannot be sent';

/**
 * Sends through the configured SMTP relay, one connection per message.
 * Without SMTP_URL every e-mail fails at once, and the log says so once
 * per process, not once per alert.
 */
export function createMailer(config: MailerConfig, log: Logger): Mailer {
  const { smtpUrl, smtpFrom } = config;
  if (smtpUrl === undefined || smtpFrom === undefined) {
    let warned = false;
    return {
      async send() {
        if (!warned) log.warn('e-mail notices fail: SMTP_URL is not set');
        warned = true;
        return { outcome: 'failed', error: NO_SMTP };
      },
      close() {},
    };
  }

  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
  });
  return {
    async send(to, deliveryId, mail) {
      try {
        await transport.sendMail({
          from: smtpFrom,
          to,
          subject: mail.subject,
          text: mail.text,
          headers: { 'X-Fleetlight-Delivery': deliveryId },
        });
        return { outcome: 'delivered' };
      } catch (error) {
        return smtpFailure(error);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * A 5xx reply (unknown mailbox, refused sender) and a refused login will
 * not change by trying again; a 4xx reply or a lost connection may.
 */
function smtpFailure(error: unknown): AttemptResult {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const message = (e.message ?? String(error)).slice(0, 300);
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const permanent = (status !== undefined && status >= 500) || e.code === 'EAUTH';
  const outcome = permanent ? 'failed' : 'retry';
  return status === undefined
    ? { outcome, error: message }
    : { outcome, error: message, status };
}
