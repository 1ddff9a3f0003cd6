import { describe, expect, it } from 'vitest';
import {
  countByStatus,
  DEFAULT_FILTER,
  filterAlerts,
  historyOf,
  wallOrder,
} from '../../../lib/alerts/filter';
import { alert, T0 } from './support';

const HOUR = 3_600_000;

describe('filterAlerts', () => {
  const list = [
    alert('active-high'),
    alert('ack-low', { status: 'acknowledged', severity: 'low' }),
    alert('resolved', { status: 'resolved', vehicleId: 'car-2' }),
    alert('old', { lastSeenAt: T0 - 3 * HOUR, raisedAt: T0 - 3 * HOUR }),
  ];
  const ids = (f: Partial<typeof DEFAULT_FILTER>) =>
    filterAlerts(list, { ...DEFAULT_FILTER, ...f }, T0).map((a) => a.id);

  it('keeps every alert not resolved for "open"', () => {
    expect(ids({ status: 'open' })).toEqual(['active-high', 'ack-low', 'old']);
  });

  it('keeps only the severities chosen', () => {
    expect(ids({ status: 'all', severities: ['low'] })).toEqual(['ack-low']);
  });

  it("keeps one vehicle's alerts", () => {
    expect(ids({ status: 'all', vehicleId: 'car-2' })).toEqual(['resolved']);
  });

  it('keeps alerts last seen within the time range', () => {
    expect(ids({ status: 'all', range: '1h' })).toEqual([
      'active-high',
      'ack-low',
      'resolved',
    ]);
  });
});

describe('countByStatus', () => {
  it('counts each status, open and all', () => {
    const counts = countByStatus([
      alert('a'),
      alert('b', { status: 'acknowledged' }),
      alert('c', { status: 'resolved' }),
    ]);

    expect(counts).toEqual({ open: 2, active: 1, acknowledged: 1, resolved: 1, all: 3 });
  });
});

describe('wallOrder', () => {
  it('lists open alerts most severe first, the longest waiting first within one', () => {
    const order = wallOrder([
      alert('medium', { severity: 'medium', raisedAt: T0 - HOUR }),
      alert('high-new', { raisedAt: T0 }),
      alert('high-old', { raisedAt: T0 - HOUR }),
      alert('critical', { severity: 'critical', status: 'acknowledged' }),
      alert('resolved', { severity: 'critical', status: 'resolved' }),
    ]);

    expect(order.map((a) => a.id)).toEqual([
      'critical',
      'high-old',
      'high-new',
      'medium',
    ]);
  });
});

describe('historyOf', () => {
  it("lists one vehicle's alerts newest first", () => {
    const history = historyOf(
      [
        alert('old', { raisedAt: T0 - HOUR }),
        alert('other', { vehicleId: 'car-2' }),
        alert('new', { raisedAt: T0 }),
      ],
      'car-1',
    );

    expect(history.map((a) => a.id)).toEqual(['new', 'old']);
  });
});
