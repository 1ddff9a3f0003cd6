import { describe, expect, it } from 'vitest';
import { alertEmail, alertLink, localTime } from '../../../server/notify/email-text';
import { alertRecord, noticeOf } from '../../support/notices';

describe('localTime (C27)', () => {
  it.each([
    ['2024-07-01T12:00:00.000Z', '2024-07-01 14:00 CEST'],
    ['2024-10-27T00:30:00.000Z', '2024-10-27 02:30 CEST'],
    ['2024-10-27T01:30:00.000Z', '2024-10-27 02:30 CET'],
  ])('shows %s in Berlin as %s', (iso, text) => {
    expect(localTime(iso, 'Europe/Berlin')).toBe(text);
  });

  it('takes the date from the zone, not from UTC', () => {
    expect(localTime('2024-03-01T05:30:00.000Z', 'America/Chicago')).toBe(
      '2024-02-29 23:30 CST',
    );
  });
});

describe('alertEmail', () => {
  it('names severity, category and vehicle in the subject', () => {
    expect(alertEmail(noticeOf('raised'), undefined).subject).toBe(
      '[HIGH] Harsh braking — Bus 2043',
    );
  });

  it("falls back to the rule's actions when the alert has none", () => {
    const notice = noticeOf('raised', alertRecord({ recommended_actions: [] }));

    expect(alertEmail(notice, undefined).text).toContain(
      'Recommended actions:\n  - Driver notification\n  - Manager alert\n',
    );
  });
});

describe('alertLink', () => {
  it('is a path without PUBLIC_URL', () => {
    expect(alertLink(alertRecord(), undefined)).toBe(
      '/fleet/berlin-buses?alert=alert_c27',
    );
  });

  it('escapes the ids it carries', () => {
    const odd = alertRecord({ fleet_id: 'a b', alert_id: 'x&y' });

    expect(alertLink(odd, 'https://fleet.example')).toBe(
      'https://fleet.example/fleet/a%20b?alert=x%26y',
    );
  });
});
