import { describe, expect, it } from 'vitest';
import { lead } from '../../../lib/tabs/leader';
import { FakeLocks, settle } from './fakes';

describe('lead', () => {
  it('makes the first tab leader and keeps the second waiting', async () => {
    const locks = new FakeLocks();
    const led: string[] = [];

    lead(locks, 'fleet', () => led.push('a'));
    lead(locks, 'fleet', () => led.push('b'));
    await settle();

    expect(led).toEqual(['a']);
  });

  it('hands leadership to the waiting tab when the leader goes', async () => {
    const locks = new FakeLocks();
    const led: string[] = [];
    const resignA = lead(locks, 'fleet', () => led.push('a'));
    lead(locks, 'fleet', () => led.push('b'));
    await settle();

    resignA();
    await settle();

    expect(led).toEqual(['a', 'b']);
  });

  it('never leads after resigning while still waiting', async () => {
    const locks = new FakeLocks();
    const led: string[] = [];
    const resignA = lead(locks, 'fleet', () => led.push('a'));
    const resignB = lead(locks, 'fleet', () => led.push('b'));
    await settle();

    resignB();
    resignA();
    await settle();

    expect(led).toEqual(['a']);
  });

  it('leads at once without the Web Locks API', () => {
    const led: string[] = [];

    lead(undefined, 'fleet', () => led.push('a'));

    expect(led).toEqual(['a']);
  });
});
