import { formatClock, humanize, vehicleLabel } from '../../lib/fleet/format';
import type { AlertRecord, EmailBody } from '../../lib/protocol';
import type { AlertNotice } from '../alerts/notify';

/**
 * The e-mail for a raised or escalated alert: a subject that reads in a
 * list ("[HIGH] Harsh braking — Bus 2043") and a plain-text body. Every
 * time is in the fleet's zone with that date's own label (field case
 * C27): 00:30Z on 2024-10-27 in Berlin is "02:30 CEST", 01:30Z "02:30 CET".
 */
export function alertEmail(
  notice: AlertNotice,
  publicUrl: string | undefined,
): EmailBody {
  const a = notice.alert;
  const what = `${humanize(a.category)} — ${vehicleLabel(a.vehicle_id)}`;
  const escalated = notice.kind === 'escalated';
  const prefix = escalated ? `Escalated (level ${notice.tier}): ` : '';
  const subject = `[${a.severity.toUpperCase()}] ${prefix}${what}`;
  const at = (iso: string) => localTime(iso, notice.timeZone);

  const lines = [
    `${humanize(a.severity)} alert: ${what}`,
    `Fleet: ${a.fleet_id}`,
    ...(escalated ? [`Not acknowledged: escalated to level ${notice.tier}.`] : []),
    '',
    `Raised:     ${at(a.raised_at)}`,
    `Last seen:  ${at(a.last_seen_at)} (${plural(a.occurrences, 'occurrence')})`,
    ...(a.escalated_at ? [`Escalated:  ${at(a.escalated_at)}`] : []),
    `Status:     ${a.status}`,
    ...(a.location ? [`Location:   ${place(a.location)}`] : []),
    ...(a.driver_id ? [`Driver:     ${a.driver_id}`] : []),
    ...(a.trip_id ? [`Trip:       ${a.trip_id}`] : []),
    '',
    'What was measured:',
    ...listOr(Object.entries(a.event_data).map(([k, v]) => `  ${k}: ${v}`)),
    '',
    'Recommended actions:',
    ...listOr(actions(notice).map((s) => `  - ${s}`)),
    '',
    `In the dashboard: ${alertLink(a, publicUrl)}`,
    `Times are in ${notice.timeZone}.`,
  ];
  return { subject, text: lines.join('\n') + '\n' };
}

/** The e-mail a test notice sends. */
export function testEmail(fleetId: string, tier: number): EmailBody {
  return {
    subject: `[TEST] Fleetlight notifications for ${fleetId}`,
    text:
      `This is a test notice from Fleetlight.\n\n` +
      `This address gets the e-mails of fleet ${fleetId} for tier ${tier} ` +
      `(${tier === 0 ? 'when an alert is raised' : `after escalation ${tier}`}).\n`,
  };
}

/** The dashboard page of the alert's fleet, naming the alert. */
export function alertLink(a: AlertRecord, publicUrl: string | undefined): string {
  const base = (publicUrl ?? '').replace(/\/+$/, '');
  const fleet = encodeURIComponent(a.fleet_id);
  return `${base}/fleet/${fleet}?alert=${encodeURIComponent(a.alert_id)}`;
}

/** "2024-10-27 02:30 CET": the date in the zone too, not UTC's. */
export function localTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  return `${localDate(ms, timeZone)} ${formatClock(ms, timeZone)}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function localDate(ms: number, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      timeZone,
    });
    dateFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(ms);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The alert's own advice; the rule's actions when it has none. */
function actions(notice: AlertNotice): string[] {
  const own = notice.alert.recommended_actions;
  return own.length > 0 ? own : notice.rule.actions.map(humanize);
}

function place(p: NonNullable<AlertRecord['location']>): string {
  const coords = `${p.latitude.toFixed(5)}, ${p.longitude.toFixed(5)}`;
  return p.address ? `${p.address} (${coords})` : coords;
}

function listOr(lines: string[]): string[] {
  return lines.length > 0 ? lines : ['  (none)'];
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
