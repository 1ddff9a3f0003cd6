import { describe, expect, it } from 'vitest';
import { Quarantine } from '../../../server/ingest/quarantine';

const AT = Date.UTC(2026, 2, 10, 10, 0, 0);

describe('Quarantine', () => {
  it('answers zeros for a vehicle with nothing refused', () => {
    expect(new Quarantine().view('veh-A')).toEqual({
      vehicle_id: 'veh-A',
      rejected: 0,
      rejected_by_reason: {},
      corrected_by_kind: {},
      duplicates: 0,
      reanchored: 0,
      recent: [],
    });
  });

  it('counts refusals per reason and lists the newest first', () => {
    const q = new Quarantine();
    q.refused('veh-A', AT, { reason: 'no_fix', message: 'a', lat: 0, lon: 0 });
    q.refused('veh-A', AT + 1000, { reason: 'future_time', message: 'b' });
    q.refused('veh-A', AT + 2000, { reason: 'no_fix', message: 'c' });

    const view = q.view('veh-A');

    expect(view.rejected).toBe(3);
    expect(view.rejected_by_reason).toEqual({ no_fix: 2, future_time: 1 });
    expect(view.recent.map((r) => r.message)).toEqual(['c', 'b', 'a']);
    expect(view.recent[2]).toEqual({
      received_at: '2026-03-10T10:00:00.000Z',
      reason: 'no_fix',
      message: 'a',
      lat: 0,
      lon: 0,
    });
  });

  it('keeps only the newest entries, but counts them all', () => {
    const q = new Quarantine(2);
    for (let i = 0; i < 5; i++) {
      q.refused('veh-A', AT + i, { reason: 'no_fix', message: String(i) });
    }

    const view = q.view('veh-A');

    expect(view.rejected).toBe(5);
    expect(view.recent.map((r) => r.message)).toEqual(['4', '3']);
  });

  it('leaves out a position or time that is not a finite number', () => {
    const q = new Quarantine();
    q.refused('veh-A', AT, {
      reason: 'invalid_coordinates',
      message: 'm',
      deviceTime: NaN,
      lat: NaN,
      lon: 13.4,
    });

    expect(q.view('veh-A').recent).toEqual([
      {
        received_at: '2026-03-10T10:00:00.000Z',
        reason: 'invalid_coordinates',
        message: 'm',
      },
    ]);
  });

  it('counts repairs, duplicates and re-anchors apart from refusals', () => {
    const q = new Quarantine();
    q.corrected('veh-A', ['week_rollover', 'heading_dropped']);
    q.corrected('veh-A', ['week_rollover']);
    q.duplicate('veh-A');
    q.reanchored('veh-A');

    expect(q.view('veh-A')).toMatchObject({
      rejected: 0,
      corrected_by_kind: { week_rollover: 2, heading_dropped: 1 },
      duplicates: 1,
      reanchored: 1,
    });
  });

  it('hands out a copy that later refusals do not change', () => {
    const q = new Quarantine();
    const before = q.view('veh-A');
    q.refused('veh-A', AT, { reason: 'no_fix', message: 'm' });

    expect(before.recent).toEqual([]);
    expect(before.rejected_by_reason).toEqual({});
  });
});
