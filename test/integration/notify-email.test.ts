import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createNotifier,
  type NotifierConfig,
  type NotifyService,
} from '../../server/alerts/notifier';
import { createTarget } from '../../server/db/notify-targets';
import type { Logger } from '../../server/log';
import { nextAttempt, nextAttempts } from '../support/attempts';
import { FakeClock } from '../support/fake-clock';
import {
  alertRecord,
  BERLIN,
  capturingLogger,
  noticeOf,
  openTestDb,
  type TestDb,
} from '../support/notices';
import { startSmtpSink, type SinkOptions, type SmtpSink } from '../support/smtp-sink';

const T0 = Date.parse('2024-10-27T01:31:00.000Z');
const FROM = 'alerts@fleetlight.test';
const TO = 'night-desk@fleet.test';

let t: TestDb;
let clock: FakeClock;
let sink: SmtpSink | undefined;
let notifier: NotifyService | undefined;

beforeEach(async () => {
  t = await openTestDb();
  clock = new FakeClock(T0);
});

afterEach(async () => {
  await notifier?.close();
  await sink?.close();
  notifier = undefined;
  sink = undefined;
  await t.close();
});

function configFor(smtpUrl: string | undefined): NotifierConfig {
  return {
    notifyTimeoutMs: 2000,
    notifyRetryDelaysMs: [10_000, 30_000],
    smtpUrl,
    smtpFrom: smtpUrl === undefined ? undefined : `Fleetlight <${FROM}>`,
    publicUrl: 'https://fleet.example/',
  };
}

async function emailTarget(address: string, tier = 0): Promise<void> {
  const made = await createTarget(
    t.db,
    BERLIN,
    { kind: 'email', address, tier },
    'key-admin',
    new Date(T0),
  );
  if (!made.ok) throw new Error('no target');
}

async function withSink(opts: SinkOptions = {}, log?: Logger): Promise<NotifyService> {
  sink = await startSmtpSink(opts);
  notifier = createNotifier(
    t.db,
    configFor(sink.url),
    log ?? capturingLogger().log,
    clock,
  );
  return notifier;
}

describe('e-mail notices', () => {
  it('e-mails a raised alert with fleet-zone times across the DST change (C27)', async () => {
    await emailTarget(TO);
    const n = await withSink();
    const alert = alertRecord({
      raised_at: '2024-10-27T00:30:00.000Z',
      last_seen_at: '2024-10-27T01:30:00.000Z',
      occurrences: 2,
    });

    const delivery = await nextAttempt(n, () => n.notify(noticeOf('raised', alert)));
    const mail = await sink!.mail(1);

    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 1,
      event: 'alert.raised',
    });
    expect(mail.from).toBe(FROM);
    expect(mail.to).toEqual([TO]);
    expect(mail.subject).toBe('[HIGH] Harsh braking — Bus 2043');
    expect(mail.headers.get('x-fleetlight-delivery')).toBe(delivery.delivery_id);
    expect(mail.text).toBe(
      [
        'High alert: Harsh braking — Bus 2043',
        'Fleet: berlin-buses',
        '',
        'Raised:     2024-10-27 02:30 CEST',
        'Last seen:  2024-10-27 02:30 CET (2 occurrences)',
        'Status:     active',
        'Location:   Alexanderplatz (52.52000, 13.40500)',
        '',
        'What was measured:',
        '  peak_g: 0.52',
        '  speed_before_kmh: 48',
        '',
        'Recommended actions:',
        '  - Call the driver',
        '',
        'In the dashboard: https://fleet.example/fleet/berlin-buses?alert=alert_c27',
        'Times are in Europe/Berlin.',
        '',
      ].join('\n'),
    );
  });

  it('shows a summer time as CEST, never as UTC digits with a local label', async () => {
    await emailTarget(TO);
    const n = await withSink();
    const july = alertRecord({
      raised_at: '2024-07-01T12:00:00.000Z',
      last_seen_at: '2024-07-01T12:00:00.000Z',
    });

    await nextAttempt(n, () => n.notify(noticeOf('raised', july)));
    const mail = await sink!.mail(1);

    expect(mail.text).toContain('Raised:     2024-07-01 14:00 CEST');
    expect(mail.text).not.toContain('12:00');
  });

  it('sends an escalation only to the e-mail targets of its tier', async () => {
    await emailTarget('tier0@fleet.test', 0);
    await emailTarget('tier1@fleet.test', 1);
    await emailTarget('tier2@fleet.test', 2);
    const n = await withSink();
    const escalated = alertRecord({
      escalation_level: 1,
      escalated_at: '2024-10-27T01:35:00.000Z',
    });

    await nextAttempt(n, () => n.notify(noticeOf('escalated', escalated, 1)));
    await n.idle();

    expect(sink!.mails.map((m) => m.to)).toEqual([['tier1@fleet.test']]);
    const mail = sink!.mails[0]!;
    expect(mail.subject).toBe('[HIGH] Escalated (level 1): Harsh braking — Bus 2043');
    expect(mail.text).toContain('Not acknowledged: escalated to level 1.');
    expect(mail.text).toContain('Escalated:  2024-10-27 02:35 CET');
  });

  it('sends no e-mail for an acknowledgement or a resolution', async () => {
    await emailTarget(TO);
    const n = await withSink();

    await n.notify(noticeOf('acknowledged', alertRecord({ status: 'acknowledged' })));
    await n.notify(noticeOf('resolved', alertRecord({ status: 'resolved' })));
    await n.idle();

    const rows = await t.db.selectFrom('notify_deliveries').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('sends no e-mail when the rule does not name the email channel', async () => {
    await emailTarget(TO);
    const n = await withSink();
    // route_deviation's default rule notifies by push only.
    const deviation = alertRecord({ category: 'route_deviation', severity: 'medium' });

    await n.notify(noticeOf('raised', deviation));
    await n.idle();

    expect(await t.db.selectFrom('notify_deliveries').selectAll().execute()).toEqual([]);
  });

  it('does not retry a recipient the relay refuses with 550', async () => {
    await emailTarget('nobody@fleet.test');
    const n = await withSink({ refuse: () => 550 });

    const only = await nextAttempt(n, () => n.notify(noticeOf('raised')));
    await n.idle();

    expect(only).toMatchObject({ status: 'failed', attempts: 1, last_status: 550 });
    expect(clock.nextTimer()).toBeUndefined();
  });

  it('retries a recipient the relay refuses for now with 450', async () => {
    await emailTarget(TO);
    let refusals = 1;
    const n = await withSink({ refuse: () => (refusals-- > 0 ? 450 : undefined) });

    const first = await nextAttempt(n, () => n.notify(noticeOf('raised')));
    await n.idle();
    const second = await nextAttempt(n, () => clock.advanceToNextTimer());

    expect(first).toMatchObject({ status: 'pending', attempts: 1, last_status: 450 });
    expect(second).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(sink!.mails).toHaveLength(1);
  });
});

describe('e-mail without SMTP_URL', () => {
  it('fails each delivery with a clear error and warns once', async () => {
    await emailTarget(TO);
    const { log, lines } = capturingLogger();
    notifier = createNotifier(t.db, configFor(undefined), log, clock);
    const two = nextAttempts(notifier, 2);

    await notifier.notify(noticeOf('raised', alertRecord({ alert_id: 'alert_1' })));
    await notifier.notify(noticeOf('raised', alertRecord({ alert_id: 'alert_2' })));
    const failed = await two;

    for (const d of failed) {
      expect(d).toMatchObject({
        status: 'failed',
        attempts: 1,
        last_error: 'SMTP_URL is not set; e-mail cannot be sent',
      });
    }
    const warnings = lines.filter((l) => l['level'] === 'warn');
    expect(warnings).toEqual([
      expect.objectContaining({ msg: 'e-mail notices fail: SMTP_URL is not set' }),
    ]);
  });
});
