import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { problems } from '../support/config';

describe('loadConfig: notifications', () => {
  it('reads the timeout, the retry delays and the SMTP relay', () => {
    const config = loadConfig({
      NOTIFY_TIMEOUT_MS: '2500',
      NOTIFY_RETRY_DELAYS_MS: '20, 40,80',
      SMTP_URL: 'smtps://fleet:secret@mail.example:465',
      SMTP_FROM: 'Fleetlight <alerts@fleet.example>',
    });

    expect(config).toMatchObject({
      notifyTimeoutMs: 2500,
      notifyRetryDelaysMs: [20, 40, 80],
      smtpUrl: 'smtps://fleet:secret@mail.example:465',
      smtpFrom: 'Fleetlight <alerts@fleet.example>',
    });
  });

  it.each([['10,,20'], ['ten'], ['1,2,3,4,5,6,7,8,9,10,11'], ['-1']])(
    'refuses NOTIFY_RETRY_DELAYS_MS=%s',
    (value) => {
      expect(problems({ NOTIFY_RETRY_DELAYS_MS: value })).toEqual([
        'NOTIFY_RETRY_DELAYS_MS: must be 1 to 10 comma-separated whole numbers of ms, each ≤ 86400000',
      ]);
    },
  );

  it('refuses an SMTP_URL that is not smtp:// or smtps://', () => {
    const env = { SMTP_URL: 'https://mail.example', SMTP_FROM: 'alerts@example.com' };
    expect(problems(env)).toEqual(['SMTP_URL: must be an smtp:// or smtps:// URL']);
  });

  it('wants SMTP_FROM with SMTP_URL', () => {
    expect(problems({ SMTP_URL: 'smtp://127.0.0.1:2525' })).toEqual([
      'SMTP_FROM: must be set when SMTP_URL is',
    ]);
  });
});
