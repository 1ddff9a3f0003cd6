import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { problems } from '../support/config';
import { redactDatabaseUrl } from '../../server/db/postgres';

describe('loadConfig: database', () => {
  it('reads a PostgreSQL URL and pool size', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://app:s3cret@db.internal:5433/fleet',
      DATABASE_POOL_SIZE: '25',
    });

    expect(config).toMatchObject({
      databaseUrl: 'postgresql://app:s3cret@db.internal:5433/fleet',
      databasePoolSize: 25,
    });
  });

  it('keeps SQLite and a pool of 10 when nothing is set', () => {
    expect(loadConfig({})).toMatchObject({
      databaseUrl: undefined,
      databasePoolSize: 10,
    });
  });

  it.each([
    'mysql://app:s3cret@db/fleet',
    'db.internal:5432/fleet',
    'postgres:///fleet',
    'not a url',
  ])('refuses the database URL %s without echoing it', (value) => {
    const found = problems({ DATABASE_URL: value });

    expect(found).toEqual([
      'DATABASE_URL: must be a postgres:// or postgresql:// URL naming a host',
    ]);
    expect(found.join()).not.toContain('s3cret');
  });

  it.each(['0', '1001', '2.5', 'lots'])('refuses the pool size %s', (value) => {
    expect(problems({ DATABASE_POOL_SIZE: value })).toEqual([
      'DATABASE_POOL_SIZE: must be a whole number of connections from 1 to 1000',
    ]);
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactDatabaseUrl('postgres://app:s3cret@db:5432/fleet')).toBe(
      'postgres://app:[redacted]@db:5432/fleet',
    );
  });

  it('hides a password passed as a query parameter', () => {
    const shown = redactDatabaseUrl('postgres://db/fleet?user=app&password=s3cret');

    expect(shown).toBe('postgres://db/fleet?user=app&password=[redacted]');
  });

  it('leaves a URL without secrets as it is', () => {
    expect(redactDatabaseUrl('postgres://127.0.0.1:5432/fleet')).toBe(
      'postgres://127.0.0.1:5432/fleet',
    );
  });
});
