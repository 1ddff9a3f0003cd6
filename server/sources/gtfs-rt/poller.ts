import { msToKmh } from '../../../lib/geo/units';
import type { GtfsRtErrorKind, GtfsRtPoll } from '../../../lib/protocol';
import type { Fix } from '../../ingest/fix';
import type { Logger } from '../../log';
import { redactUrl } from '../../log';
import type { Candidate, IngestGateway } from '../gateway';
import type { SourceMonitor } from '../health';
import { decodeFeed, type Feed, type FeedEntity } from './feed';
import { fetchFeed, type FetchResult } from './fetch-feed';

export interface PollerOptions {
  fleetId: string;
  url: string;
  intervalS: number;
  /** Put before each feed vehicle id to make the fleet's vehicle id. */
  vehiclePrefix: string;
  allowPrivate: boolean;
  gateway: IngestGateway;
  monitor: SourceMonitor;
  log: Logger;
  now?: () => number;
  /** Largest feed read; default 16 MiB. */
  maxBytes?: number;
}

export const DEFAULT_FEED_MAX_BYTES = 16 * 1024 * 1024;

/** A header older than this many intervals (and 2 min) marks the feed stale. */
const STALE_INTERVALS = 3;
const STALE_FLOOR_MS = 120_000;

/**
 * Polls one fleet's GTFS-realtime VehiclePositions feed and feeds its
 * vehicles to ingest as vehicles of that fleet. A poll starts only when
 * the previous one has ended, so a slow feed never piles up requests;
 * every failure is counted and logged once when it starts, never thrown.
 */
export class GtfsRtPoller {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private polling: Promise<GtfsRtPoll> | undefined;
  private etag: string | undefined;
  private lastModified: string | undefined;
  private failing: GtfsRtErrorKind | undefined;
  private last: GtfsRtPoll | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: PollerOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** How the newest poll went; null before the first. */
  get lastPoll(): GtfsRtPoll | null {
    return this.last;
  }

  /** Polls at once, then every interval after each poll ends. */
  start(): void {
    const loop = () => {
      if (this.stopped) return;
      void this.poll().then(() => {
        if (this.stopped) return;
        this.timer = setTimeout(loop, this.opts.intervalS * 1000);
        this.timer.unref();
      });
    };
    loop();
  }

  /** Stops polling; resolves once a poll under way has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  /** One poll; never rejects. */
  poll(): Promise<GtfsRtPoll> {
    this.polling = this.pollOnce().catch((error: unknown) =>
      this.failed('bad_feed', `could not read the feed: ${String(error)}`),
    );
    return this.polling;
  }

  private async pollOnce(): Promise<GtfsRtPoll> {
    const { opts } = this;
    const fetched = await fetchFeed({
      url: opts.url,
      timeoutMs: Math.min(opts.intervalS * 1000, 30_000),
      maxBytes: opts.maxBytes ?? DEFAULT_FEED_MAX_BYTES,
      allowPrivate: opts.allowPrivate,
      ...(this.etag !== undefined && { etag: this.etag }),
      ...(this.lastModified !== undefined && { lastModified: this.lastModified }),
    });
    if (fetched.kind === 'not_modified') return this.settle({ result: 'not_modified' });
    if (fetched.kind === 'error') {
      return this.failed(fetched.error, fetched.message, fetched.status);
    }
    return this.ingest(fetched);
  }

  private async ingest(
    fetched: Extract<FetchResult, { kind: 'ok' }>,
  ): Promise<GtfsRtPoll> {
    let feed: Feed;
    try {
      feed = decodeFeed(fetched.body);
    } catch (error) {
      const message = `not a GTFS-realtime FeedMessage: ${(error as Error).message}`;
      return this.failed('bad_feed', message);
    }
    if (!feed.header?.gtfs_realtime_version) {
      return this.failed('bad_feed', 'the FeedMessage has no header');
    }
    // Validators count only once the feed was good: a bad answer is asked again.
    this.etag = fetched.etag;
    this.lastModified = fetched.lastModified;

    const headerMs = (feed.header.timestamp ?? 0) * 1000;
    const batch = (feed.entity ?? [])
      .map((e) => this.candidate(e, headerMs))
      .filter((c) => c !== undefined);
    await this.opts.gateway.submit('gtfs-rt', this.opts.fleetId, batch, {
      register: { timeScale: 1 },
    });

    const staleMs = Math.max(
      STALE_INTERVALS * this.opts.intervalS * 1000,
      STALE_FLOOR_MS,
    );
    const age = this.now() - headerMs;
    if (headerMs > 0 && age > staleMs) {
      const message = `the feed header is ${Math.round(age / 1000)} s old`;
      return this.failed('stale_feed', message, undefined, batch.length);
    }
    return this.settle({ result: 'ok', vehicles: batch.length });
  }

  /** A vehicle entity as a fix; undefined for entities without a position. */
  private candidate(entity: FeedEntity, headerMs: number): Candidate | undefined {
    const v = entity.vehicle;
    if (entity.is_deleted || !v?.position) return undefined;
    const feedId = v.vehicle?.id || entity.id;
    const refuse = (
      code: 'invalid_vehicle' | 'invalid_time' | 'invalid_coordinates',
      message: string,
    ) => ({ refused: { code, message } }) as const;
    if (!feedId) return refuse('invalid_vehicle', `entity has no vehicle id`);

    const vehicleId = this.opts.vehiclePrefix + feedId;
    const deviceTime = v.timestamp ? v.timestamp * 1000 : headerMs;
    if (!deviceTime) {
      return refuse(
        'invalid_time',
        `vehicle ${feedId} has no timestamp, nor has the header`,
      );
    }
    const { latitude: lat, longitude: lon, bearing, speed, odometer } = v.position;
    if (lat === undefined || lon === undefined) {
      return refuse(
        'invalid_coordinates',
        `vehicle ${feedId} has no latitude or longitude`,
      );
    }
    const fix: Fix = { vehicleId, deviceTime, lat, lon };
    if (speed !== undefined) fix.speedKmh = msToKmh(speed);
    if (bearing !== undefined) fix.heading = bearing;
    if (odometer !== undefined) fix.odometerKm = odometer / 1000;
    if (v.trip?.trip_id) fix.tripId = v.trip.trip_id;
    if (v.trip?.route_id) fix.routeId = v.trip.route_id;
    return { fix, label: v.vehicle?.label || feedId };
  }

  private settle(poll: Omit<GtfsRtPoll, 'at'>): GtfsRtPoll {
    if (this.failing) {
      this.opts.log.info('gtfs-rt feed recovered', this.fields({ was: this.failing }));
      this.failing = undefined;
    }
    this.last = { at: new Date(this.now()).toISOString(), ...poll };
    return this.last;
  }

  private failed(
    kind: GtfsRtErrorKind,
    message: string,
    status?: number,
    vehicles?: number,
  ): GtfsRtPoll {
    this.opts.monitor.fail('gtfs-rt', this.opts.fleetId, kind, message);
    // Logged when a failure starts or changes kind; the counters keep the rest.
    if (this.failing !== kind) {
      this.opts.log.warn('gtfs-rt poll failed', this.fields({ kind, status, message }));
    }
    this.failing = kind;
    this.last = {
      at: new Date(this.now()).toISOString(),
      result: kind,
      message,
      ...(status !== undefined && { http_status: status }),
      ...(vehicles !== undefined && { vehicles }),
    };
    return this.last;
  }

  private fields(extra: Record<string, unknown>): Record<string, unknown> {
    return { fleet: this.opts.fleetId, url: redactUrl(this.opts.url), ...extra };
  }
}
