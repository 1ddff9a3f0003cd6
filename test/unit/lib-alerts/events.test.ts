import { describe, expect, it } from 'vitest';
import { upsertAlerts } from '../../../lib/store/events';
import { alert, T0 } from './support';

describe('upsertAlerts', () => {
  it('places alerts read from REST by raise time among live ones', () => {
    const live = [alert('new', { raisedAt: T0 + 2 })];

    const list = upsertAlerts(
      live,
      [alert('mid', { raisedAt: T0 + 1 }), alert('old')],
      10,
    );

    expect(list.map((a) => a.id)).toEqual(['new', 'mid', 'old']);
  });

  it('answers the same list when nothing changed', () => {
    const list = [alert('a', { status: 'acknowledged' })];

    expect(upsertAlerts(list, [alert('a')], 10)).toBe(list);
  });

  it('drops the oldest resolved alerts first when over the cap', () => {
    const list = [
      alert('open-old', { raisedAt: T0 - 3 }),
      alert('resolved-old', { raisedAt: T0 - 2, status: 'resolved' }),
      alert('resolved-new', { raisedAt: T0 - 1, status: 'resolved' }),
    ];

    const next = upsertAlerts(list, [alert('new', { raisedAt: T0 })], 3);

    expect(next.map((a) => a.id)).toEqual(['new', 'resolved-new', 'open-old']);
  });
});
