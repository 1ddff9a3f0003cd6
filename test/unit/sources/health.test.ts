import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { MinuteRate, SourceMonitor } from '../../../server/sources/health';

const T = Date.UTC(2026, 2, 10, 10, 0, 0);

describe('SourceMonitor', () => {
  it('counts each fleet and source apart, by outcome and reason', () => {
    const m = new SourceMonitor(() => T);
    m.record('http', 'f1', 'accepted');
    m.record('http', 'f1', 'duplicate');
    m.record('http', 'f1', 'rejected', 'no_fix');
    m.record('http', 'f1', 'rejected', 'no_fix');
    m.record('osmand', 'f1', 'accepted');
    m.record('http', 'f2', 'accepted');

    expect(m.health('f1').find((s) => s.source === 'http')).toEqual({
      source: 'http',
      accepted: 1,
      duplicates: 1,
      rejected: 2,
      rejected_by_reason: { no_fix: 2 },
      errors: 0,
      errors_by_kind: {},
      last_error: null,
      last_message_at: new Date(T).toISOString(),
      per_minute: 4,
    });
    expect(m.health('f2').find((s) => s.source === 'http')?.accepted).toBe(1);
    expect(
      m.health('f3').every((s) => s.accepted === 0 && s.last_message_at === null),
    ).toBe(true);
  });

  it('keeps the newest failure of a source', () => {
    const m = new SourceMonitor(() => T);
    m.fail('gtfs-rt', 'f1', 'http_error', 'the feed answered HTTP 500');
    m.fail('gtfs-rt', 'f1', 'bad_feed', 'not a FeedMessage');

    expect(m.health('f1').find((s) => s.source === 'gtfs-rt')).toMatchObject({
      errors: 2,
      errors_by_kind: { http_error: 1, bad_feed: 1 },
      last_error: {
        kind: 'bad_feed',
        message: 'not a FeedMessage',
        at: new Date(T).toISOString(),
      },
    });
  });

  it('exposes the same counts to Prometheus, without the fleet', async () => {
    const m = new SourceMonitor(() => T);
    const registry = new Registry();
    for (const metric of m.metrics) registry.registerMetric(metric);
    m.record('osmand', undefined, 'rejected', 'unknown_device');
    m.record('gtfs-rt', 'f1', 'accepted');
    m.fail('gtfs-rt', 'f1', 'stale_feed', 'old');

    const text = await registry.metrics();
    expect(text).toContain(
      'fleetlight_source_fixes_total{source="osmand",outcome="rejected",reason="unknown_device"} 1',
    );
    expect(text).toContain(
      'fleetlight_source_fixes_total{source="gtfs-rt",outcome="accepted"} 1',
    );
    expect(text).toContain(
      'fleetlight_source_errors_total{source="gtfs-rt",kind="stale_feed"} 1',
    );
    expect(text).toContain(
      `fleetlight_source_last_message_timestamp_seconds{source="gtfs-rt"} ${T / 1000}`,
    );
  });
});

describe('MinuteRate', () => {
  it('counts the events of the last 60 seconds only', () => {
    const rate = new MinuteRate();
    rate.add(T);
    rate.add(T + 30_000);
    rate.add(T + 59_000);

    expect(rate.count(T + 59_000)).toBe(3);
    expect(rate.count(T + 60_000)).toBe(2);
    expect(rate.count(T + 118_000)).toBe(1);
    expect(rate.count(T + 200_000)).toBe(0);
  });

  it('reuses a bucket a minute later without adding the old count', () => {
    const rate = new MinuteRate();
    rate.add(T);
    rate.add(T + 60_000);

    expect(rate.count(T + 60_000)).toBe(1);
  });
});
