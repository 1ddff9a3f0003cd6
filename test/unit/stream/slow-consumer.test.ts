import { describe, expect, it } from 'vitest';
import { Backlogs, MAX_HELD_MS } from '../../../server/stream/slow-consumer';

const MAX = 1000;

function backlogs() {
  const clock = { now: 0 };
  return { clock, b: new Backlogs<string>(MAX, () => clock.now) };
}

describe('Backlogs', () => {
  it('sends to a socket within the bound', () => {
    const { b } = backlogs();

    expect(b.judge('s', MAX)).toBe('send');
  });

  it('holds positions back from a socket over the bound', () => {
    const { b } = backlogs();

    expect(b.judge('s', MAX + 1)).toBe('hold');
    expect(b.holding('s')).toBe(true);
  });

  it('resumes a held socket once it drained, then sends again', () => {
    const { b } = backlogs();
    b.judge('s', MAX + 1);

    expect(b.judge('s', 0)).toBe('resume');
    expect(b.judge('s', 0)).toBe('send');
  });

  it('cuts a socket four times over the bound at once', () => {
    const { b } = backlogs();

    expect(b.judge('s', MAX * 4 + 1)).toBe('cut');
  });

  it('cuts a socket held for longer than the limit', () => {
    const { b, clock } = backlogs();
    b.judge('s', MAX + 1);
    clock.now = MAX_HELD_MS;
    expect(b.judge('s', MAX + 1)).toBe('hold');

    clock.now = MAX_HELD_MS + 1;

    expect(b.judge('s', MAX + 1)).toBe('cut');
    expect(b.holding('s')).toBe(false);
  });

  it('judges each socket on its own', () => {
    const { b } = backlogs();
    b.judge('slow', MAX + 1);

    expect(b.judge('fast', 0)).toBe('send');
  });
});
