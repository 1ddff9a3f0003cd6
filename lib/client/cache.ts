import type { AlertEnvelope, LocationUpdate, StreamMessage } from '../protocol';

/** Where the cache keeps its one string per fleet. */
export interface ClientStorage {
  get(key: string): string | null | undefined;
  set(key: string, value: string): void;
}

/** Strings held in memory: lost with the page, kept across clients. */
export function memoryStorage(): ClientStorage {
  const items = new Map<string, string>();
  return {
    get: (key) => items.get(key),
    set: (key, value) => void items.set(key, value),
  };
}

/**
 * The browser's `localStorage`, or any Web Storage. A write it refuses
 * (quota, private mode) is dropped: the cache is a convenience, never a
 * reason for the stream to fail.
 */
export function webStorage(
  storage: Pick<Storage, 'getItem' | 'setItem'> = globalThis.localStorage,
): ClientStorage {
  return {
    get: (key) => storage.getItem(key),
    set(key, value) {
      try {
        storage.setItem(key, value);
      } catch {
        // Full or forbidden: the previous save stays.
      }
    },
  };
}

/** What a client saved last: never the key, only fleet data. */
export interface CachedState {
  /** When it was saved, ISO 8601. */
  savedAt: string;
  /** The newest position of each vehicle seen, oldest first. */
  vehicles: LocationUpdate[];
  /** The alerts seen open, oldest first. */
  alerts: AlertEnvelope[];
}

export interface CacheOptions {
  /** Where to keep it (default: in memory, for this client only). */
  storage?: ClientStorage;
  /** Most vehicles kept, the least recently heard from dropped first (default 2000). */
  maxVehicles?: number;
  /** Most open alerts kept, the oldest dropped first (default 500, a reset's most). */
  maxAlerts?: number;
  /** Changes are written at most this often (default 2000 ms). */
  saveIntervalMs?: number;
}

/** Bumped when the saved shape changes; an older save is ignored. */
const VERSION = 1;

/**
 * The fleet's critical state as the client last saw it, kept in a
 * storage so a page reloaded offline still shows it: the latest position
 * of each vehicle and the open alerts. Writes are batched, since a
 * busy fleet changes many times a second and Web Storage writes block.
 */
export class CriticalCache {
  private readonly vehicles = new Map<string, LocationUpdate>();
  private readonly alerts = new Map<string, AlertEnvelope>();
  private readonly storage: ClientStorage;
  private readonly limits: { vehicles: number; alerts: number; intervalMs: number };
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly key: string,
    opts: CacheOptions = {},
  ) {
    this.storage = opts.storage ?? memoryStorage();
    this.limits = {
      vehicles: opts.maxVehicles ?? 2000,
      alerts: opts.maxAlerts ?? 500,
      intervalMs: opts.saveIntervalMs ?? 2000,
    };
  }

  /** What the storage holds, or undefined when nothing usable. */
  load(): CachedState | undefined {
    let saved: (CachedState & { v?: unknown }) | undefined;
    try {
      saved = JSON.parse(this.storage.get(this.key) ?? 'null') as typeof saved;
    } catch {
      return undefined;
    }
    if (!saved || saved.v !== VERSION) return undefined;
    if (!Array.isArray(saved.vehicles) || !Array.isArray(saved.alerts)) return undefined;
    const { savedAt, vehicles, alerts } = saved;
    for (const v of vehicles) this.keepVehicle(v);
    for (const a of alerts) this.keepAlert(a);
    return { savedAt, vehicles, alerts };
  }

  /** Records a delivered message; other channels are ignored. */
  record(message: StreamMessage): void {
    if (message.channel === 'vehicle_locations') this.keepVehicle(message);
    else if (message.channel === 'alerts' || message.channel === 'maintenance_alerts')
      this.keepAlert(message);
    else return;
    this.schedule();
  }

  /** A reset: the open alerts are these, and only these. */
  replaceAlerts(alerts: readonly AlertEnvelope[]): void {
    this.alerts.clear();
    for (const a of alerts) this.keepAlert(a);
    this.schedule();
  }

  /** Writes now what is pending, and stops the timer. */
  flush(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.save();
  }

  private keepVehicle(v: LocationUpdate): void {
    const key = `${v.payload.fleet_id}\n${v.payload.vehicle_id}`;
    // Delete first: a Map keeps insertion order, so the stalest is first.
    this.vehicles.delete(key);
    this.vehicles.set(key, v);
    trim(this.vehicles, this.limits.vehicles);
  }

  private keepAlert(a: AlertEnvelope): void {
    const p = a.payload;
    if (p.status === 'resolved' || p.auto_resolved) {
      this.alerts.delete(p.alert_id);
      return;
    }
    this.alerts.set(p.alert_id, a);
    trim(this.alerts, this.limits.alerts);
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save();
    }, this.limits.intervalMs);
  }

  private save(): void {
    const state = {
      v: VERSION,
      savedAt: new Date().toISOString(),
      vehicles: [...this.vehicles.values()],
      alerts: [...this.alerts.values()],
    };
    this.storage.set(this.key, JSON.stringify(state));
  }
}

function trim(map: Map<string, unknown>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}
