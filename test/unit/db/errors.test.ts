import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation, retryOnUniqueViolation } from '../../../server/db/errors';

/** The error better-sqlite3 throws for `statement` after `setup`. */
function sqliteError(setup: string, statement: string): unknown {
  const db = new SQLite(':memory:');
  db.exec(setup);
  try {
    db.exec(statement);
  } catch (error) {
    return error;
  } finally {
    db.close();
  }
  throw new Error(`${statement} did not fail`);
}

/** What pg rejects with for a duplicate key (a DatabaseError's fields). */
const pgDuplicate = Object.assign(
  new Error('duplicate key value violates "alerts_open"'),
  {
    code: '23505',
    constraint: 'alerts_open',
  },
);

describe('isUniqueViolation', () => {
  it('recognises a duplicate in a unique index on SQLite', () => {
    const error = sqliteError(
      'create table t (a text); create unique index t_a on t (a)',
      "insert into t values ('x'), ('x')",
    );

    expect(isUniqueViolation(error)).toBe(true);
  });

  it('recognises a duplicate primary key on SQLite', () => {
    const error = sqliteError(
      'create table t (a text primary key)',
      "insert into t values ('x'), ('x')",
    );

    expect(isUniqueViolation(error)).toBe(true);
  });

  it("recognises PostgreSQL's unique_violation", () => {
    expect(isUniqueViolation(pgDuplicate)).toBe(true);
  });

  it('tells other constraint failures apart', () => {
    const notNull = sqliteError(
      'create table t (a text not null)',
      'insert into t values (null)',
    );
    const fkOnPg = Object.assign(new Error('violates foreign key'), { code: '23503' });

    expect(isUniqueViolation(notNull)).toBe(false);
    expect(isUniqueViolation(fkOnPg)).toBe(false);
    expect(isUniqueViolation(new Error('23505'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});

describe('retryOnUniqueViolation', () => {
  it('runs the attempt again once after a duplicate key', async () => {
    let calls = 0;
    const answer = await retryOnUniqueViolation(() => {
      calls++;
      return calls === 1 ? Promise.reject(pgDuplicate) : Promise.resolve('folded');
    });

    expect(answer).toBe('folded');
    expect(calls).toBe(2);
  });

  it('gives up after the second duplicate, with that error', async () => {
    let calls = 0;
    const attempt = retryOnUniqueViolation(() => {
      calls++;
      return Promise.reject(pgDuplicate);
    });

    await expect(attempt).rejects.toBe(pgDuplicate);
    expect(calls).toBe(2);
  });

  it('passes any other error through without retrying', async () => {
    let calls = 0;
    const other = new Error('connection refused');
    const attempt = retryOnUniqueViolation(() => {
      calls++;
      return Promise.reject(other);
    });

    await expect(attempt).rejects.toBe(other);
    expect(calls).toBe(1);
  });
});
