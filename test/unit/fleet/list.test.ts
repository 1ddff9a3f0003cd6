import { describe, expect, it } from 'vitest';
import { queryRows, type ListQuery, type ListRow } from '../../../lib/fleet/list';
import { VEHICLE_STATUSES, type VehicleStatus } from '../../../lib/fleet/status';

const T0 = Date.UTC(2026, 2, 10, 10, 0, 0);

function row(id: string, change: Partial<ListRow> = {}): ListRow {
  return { id, label: id, status: 'moving', deviceTime: T0, ...change };
}

function query(change: Partial<ListQuery> = {}): ListQuery {
  return { text: '', statuses: new Set<VehicleStatus>(), sort: 'name', ...change };
}

const ids = (rows: ListRow[]) => rows.map((r) => r.id);

describe('queryRows', () => {
  it('finds a vehicle by its label in any case', () => {
    const rows = [row('bus-1', { label: 'Bus 5012' }), row('bus-2', { label: 'Bus 7' })];

    expect(ids(queryRows(rows, query({ text: 'bus 50' })))).toEqual(['bus-1']);
  });

  it('finds a vehicle by its id', () => {
    const rows = [row('bus-5012', { label: 'Red bus' }), row('bus-7')];

    expect(ids(queryRows(rows, query({ text: '5012' })))).toEqual(['bus-5012']);
  });

  it('finds a vehicle by its route, with or without the word route', () => {
    const rows = [row('a', { routeId: '801' }), row('b', { routeId: '803' })];

    expect(ids(queryRows(rows, query({ text: 'route 801' })))).toEqual(['a']);
    expect(ids(queryRows(rows, query({ text: '803' })))).toEqual(['b']);
  });

  it('takes "route" and the next word as the route asked for', () => {
    const rows = [row('bus-803', { routeId: '801' }), row('bus-1', { routeId: '803' })];

    expect(ids(queryRows(rows, query({ text: 'Route 803' })))).toEqual(['bus-1']);
    expect(ids(queryRows(rows, query({ text: 'route 80' })))).toEqual([
      'bus-1',
      'bus-803',
    ]);
  });

  it('needs every word of the search to match', () => {
    const rows = [
      row('a', { label: 'Bus 1', routeId: '801' }),
      row('b', { label: 'Bus 2', routeId: '801' }),
    ];

    expect(ids(queryRows(rows, query({ text: '801 bus 2' })))).toEqual(['b']);
  });

  it('shows only the statuses picked, and every status when none is', () => {
    const rows = [
      row('a', { status: 'moving' }),
      row('b', { status: 'stopped' }),
      row('c', { status: 'stale' }),
    ];

    expect(
      ids(queryRows(rows, query({ statuses: new Set(['stale', 'moving']) }))),
    ).toEqual(['a', 'c']);
    expect(ids(queryRows(rows, query()))).toEqual(['a', 'b', 'c']);
  });

  it('sorts names with their numbers in numeric order', () => {
    const rows = [row('bus-10'), row('bus-9'), row('bus-100')];

    expect(ids(queryRows(rows, query()))).toEqual(['bus-9', 'bus-10', 'bus-100']);
  });

  it('sorts fastest first, with vehicles of unknown speed last', () => {
    const rows = [row('a', { speed: 10 }), row('b'), row('c', { speed: 50 })];

    expect(ids(queryRows(rows, query({ sort: 'speed' })))).toEqual(['c', 'a', 'b']);
  });

  it('sorts the oldest fix first', () => {
    const rows = [row('a', { deviceTime: T0 }), row('b', { deviceTime: T0 - 60_000 })];

    expect(ids(queryRows(rows, query({ sort: 'age' })))).toEqual(['b', 'a']);
  });

  it('sorts the latest first, with vehicles off timetable last', () => {
    const rows = [row('a', { delay: -2 }), row('b'), row('c', { delay: 7 })];

    expect(ids(queryRows(rows, query({ sort: 'delay' })))).toEqual(['c', 'a', 'b']);
  });

  it('breaks ties by name so equal values keep their order', () => {
    const rows = [row('b', { speed: 30 }), row('a', { speed: 30 })];

    expect(ids(queryRows(rows, query({ sort: 'speed' })))).toEqual(['a', 'b']);
  });

  it('searches and sorts a fleet of 10,000 vehicles', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      row(`bus-${i}`, {
        label: `Bus ${i}`,
        speed: i % 100,
        routeId: String(800 + (i % 7)),
      }),
    );

    const shown = queryRows(rows, query({ text: 'route 803', sort: 'speed' }));

    expect(shown).toHaveLength(1_429);
    expect(shown.every((r) => r.routeId === '803')).toBe(true);
    expect(shown.slice(0, 2).map((r) => r.speed)).toEqual([99, 99]);
    expect(shown.at(-1)?.speed).toBe(0);
  });

  it('leaves the input array as it was', () => {
    const rows = [row('b'), row('a')];

    queryRows(rows, query());

    expect(ids(rows)).toEqual(['b', 'a']);
  });
});

describe('VEHICLE_STATUSES', () => {
  it('offers every status the labels name, moving first', () => {
    expect(VEHICLE_STATUSES[0]).toBe('moving');
    expect(VEHICLE_STATUSES).toEqual(
      expect.arrayContaining(['moving', 'stopped', 'stale']),
    );
  });
});
