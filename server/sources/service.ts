import type {
  Device,
  DeviceKind,
  GtfsRtFeed,
  ImportReport,
  SourcesResponse,
} from '../../lib/protocol';
import { registerFleets } from '../db/fleets';
import {
  deleteGtfsFeed,
  listGtfsFeeds,
  saveGtfsFeed,
  type GtfsFeedRow,
} from '../db/gtfs-feeds';
import { findIngestGrant } from '../db/ingest-keys';
import type { Db } from '../db/open';
import type { FleetState } from '../fleet/fleet-state';
import type { Ingest } from '../ingest/ingest';
import type { Logger } from '../log';
import { DeviceRegistry } from './devices';
import { IngestGateway } from './gateway';
import { GtfsRtPoller } from './gtfs-rt/poller';
import { SourceMonitor } from './health';
import { ImportError, runImport, type ImportOptions } from './import/importer';
import { ImportReplays, MAX_REPLAYS_PER_FLEET } from './import/replays';

export interface SourcesConfig {
  /** Most fixes in one HTTP ingest request. */
  ingestMaxBatch: number;
  /** Most vehicles a fleet may hold through sources that register them. */
  fleetMaxVehicles: number;
  /** Largest upload of a file import, bytes. */
  importMaxBytes: number;
  /** Whether a GTFS-rt URL may reach loopback and private networks. */
  gtfsRtAllowPrivate: boolean;
  /** Speed of an import replay that names none. */
  replaySpeed: number;
}

export interface SourcesDeps {
  db: Db;
  state: FleetState;
  ingest: Ingest;
  /** Writes queued positions to the database. */
  flush: () => Promise<void>;
  config: SourcesConfig;
  log: Logger;
}

/**
 * Everything that brings positions in from outside: registered devices,
 * HTTP and OsmAnd ingest, GTFS-realtime pollers and file imports, each
 * through one gateway and counted by one monitor.
 */
export class Sources {
  readonly monitor = new SourceMonitor();
  readonly gateway: IngestGateway;
  readonly devices: DeviceRegistry;
  private readonly pollers = new Map<
    string,
    { row: GtfsFeedRow; poller: GtfsRtPoller }
  >();
  private readonly replays: ImportReplays;

  private constructor(private readonly deps: SourcesDeps) {
    this.devices = new DeviceRegistry(deps.db);
    this.gateway = new IngestGateway({
      db: deps.db,
      state: deps.state,
      ingest: deps.ingest,
      monitor: this.monitor,
      flush: deps.flush,
      maxFleetVehicles: deps.config.fleetMaxVehicles,
    });
    this.replays = new ImportReplays((fleetId) => this.gateway.sink('import', fleetId));
  }

  get config(): SourcesConfig {
    return this.deps.config;
  }

  /** Loads devices and starts the stored GTFS-rt feeds. */
  static async start(deps: SourcesDeps): Promise<Sources> {
    const sources = new Sources(deps);
    await sources.devices.load();
    for (const row of await listGtfsFeeds(deps.db)) sources.startPoller(row);
    return sources;
  }

  /**
   * Registers a device to a vehicle of the fleet, registering the vehicle
   * too when it is new. A string answer says why not.
   */
  async registerDevice(
    fleetId: string,
    spec: { deviceId: string; vehicleId: string; label: string; kind: DeviceKind },
    actor: string,
  ): Promise<Device | string> {
    const { state } = this.deps;
    const held = this.devices.get(spec.deviceId);
    if (held && held.fleet_id !== fleetId) {
      return `device ${spec.deviceId} is registered to another fleet`;
    }
    const owner = state.fleetOf(spec.vehicleId);
    const id = spec.vehicleId;
    if (owner !== undefined && owner !== fleetId) {
      return `vehicle ${id} cannot join fleet ${fleetId}; choose another vehicle_id`;
    }
    if (owner === undefined) {
      const limit = this.deps.config.fleetMaxVehicles;
      if (state.vehiclesOf(fleetId).length >= limit) {
        return `the fleet holds its limit of ${limit} vehicles`;
      }
      const vehicle = { id: spec.vehicleId, fleetId, label: spec.label, timeScale: 1 };
      await registerFleets(this.deps.db, [], [vehicle]);
      state.register(vehicle);
    }
    const saved = await this.devices.save({ ...spec, fleetId, createdBy: actor });
    if (!saved) return `device ${spec.deviceId} is registered to another fleet`;
    return saved;
  }

  /** Sets a fleet's GTFS-rt feed and polls it at once. */
  async setFeed(
    fleetId: string,
    body: { url: string; interval_s: number; vehicle_prefix: string },
    actor: string,
  ): Promise<GtfsRtFeed> {
    const row: GtfsFeedRow = {
      fleet_id: fleetId,
      url: body.url,
      interval_s: body.interval_s,
      vehicle_prefix: body.vehicle_prefix,
      updated_by: actor,
      updated_at: new Date().toISOString(),
    };
    await saveGtfsFeed(this.deps.db, row);
    await this.stopPoller(fleetId);
    return describeFeed(row, this.startPoller(row));
  }

  /** A fleet's feed and its last poll; null when it polls none. */
  feed(fleetId: string): GtfsRtFeed | null {
    const entry = this.pollers.get(fleetId);
    return entry ? describeFeed(entry.row, entry.poller) : null;
  }

  /** Stops and forgets a fleet's feed; false when it had none. */
  async removeFeed(fleetId: string): Promise<boolean> {
    await this.stopPoller(fleetId);
    return deleteGtfsFeed(this.deps.db, fleetId);
  }

  /** Reads an upload into the fleet; throws ImportError for an unreadable one. */
  importFile(body: AsyncIterable<Buffer>, opts: ImportOptions): Promise<ImportReport> {
    const { fleetId } = opts;
    if (
      opts.mode === 'replay' &&
      this.replays.playing(fleetId) >= MAX_REPLAYS_PER_FLEET
    ) {
      const message =
        `${MAX_REPLAYS_PER_FLEET} replays are playing in this fleet; ` +
        'wait for one to end';
      return Promise.reject(new ImportError(message));
    }
    return runImport(body, opts, {
      gateway: this.gateway,
      startReplay: (id, recording, speed) => this.replays.start(id, recording, speed),
    });
  }

  /** Whether a key is a live ingest key, which may read nothing. */
  async isIngestKey(key: string): Promise<boolean> {
    return (await findIngestGrant(this.deps.db, key)) !== null;
  }

  /** The admin view of a fleet's sources. */
  health(fleetId: string): SourcesResponse {
    return {
      fleet_id: fleetId,
      sources: this.monitor.health(fleetId),
      gtfs_rt: this.feed(fleetId),
      replays: this.replays.list(fleetId),
    };
  }

  async close(): Promise<void> {
    this.replays.stopAll();
    await Promise.all([...this.pollers.keys()].map((id) => this.stopPoller(id)));
  }

  private startPoller(row: GtfsFeedRow): GtfsRtPoller {
    const poller = new GtfsRtPoller({
      fleetId: row.fleet_id,
      url: row.url,
      intervalS: row.interval_s,
      vehiclePrefix: row.vehicle_prefix,
      allowPrivate: this.deps.config.gtfsRtAllowPrivate,
      gateway: this.gateway,
      monitor: this.monitor,
      log: this.deps.log.child('gtfs-rt'),
    });
    this.pollers.set(row.fleet_id, { row, poller });
    poller.start();
    return poller;
  }

  private async stopPoller(fleetId: string): Promise<void> {
    const entry = this.pollers.get(fleetId);
    this.pollers.delete(fleetId);
    await entry?.poller.stop();
  }
}

function describeFeed(row: GtfsFeedRow, poller: GtfsRtPoller): GtfsRtFeed {
  return {
    fleet_id: row.fleet_id,
    url: row.url,
    interval_s: row.interval_s,
    vehicle_prefix: row.vehicle_prefix,
    updated_at: row.updated_at,
    last_poll: poller.lastPoll,
  };
}
