import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FleetClient,
  memoryStorage,
  webStorage,
  type CachedInfo,
  type ClientStorage,
} from '../../../lib/client';
import { CriticalCache } from '../../../lib/client/cache';
import type { AlertEnvelope } from '../../../lib/protocol';
import { FakeSocket } from './fake-socket';
import { alert, authSuccess, FLEET, position, reset } from './messages';

const KEY = 'fleetlight:client:fleet-1';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-03-10T10:30:00.000Z'));
  FakeSocket.made = [];
});

afterEach(() => {
  vi.useRealTimers();
});

/** A memory storage that counts its writes. */
function countingStorage(): ClientStorage & { writes: number } {
  const inner = memoryStorage();
  const s = {
    writes: 0,
    get: (key: string) => inner.get(key),
    set(key: string, value: string) {
      s.writes++;
      inner.set(key, value);
    },
  };
  return s;
}

function savedIn(storage: ClientStorage) {
  return new CriticalCache(KEY, { storage }).load();
}

const vehicleIds = (storage: ClientStorage) =>
  savedIn(storage)?.vehicles.map((v) => v.payload.vehicle_id);
const alertIds = (storage: ClientStorage) =>
  savedIn(storage)?.alerts.map((a) => a.payload.alert_id);

function resolved(seq: number, alertId: string): AlertEnvelope {
  const a = alert(seq, alertId);
  a.payload.status = 'resolved';
  return a;
}

describe('CriticalCache', () => {
  it('saves the newest position of each vehicle and the open alerts, in one write', () => {
    const storage = countingStorage();
    const cache = new CriticalCache(KEY, { storage, saveIntervalMs: 1000 });

    cache.record(position(1, '2026-03-10T10:01:00.000Z', 'bus-1'));
    cache.record(position(2, '2026-03-10T10:01:00.000Z', 'bus-2'));
    cache.record(position(3, '2026-03-10T10:02:00.000Z', 'bus-1'));
    cache.record(alert(4));
    expect(storage.writes).toBe(0);
    vi.advanceTimersByTime(1000);

    expect(storage.writes).toBe(1);
    expect(savedIn(storage)).toEqual({
      savedAt: '2026-03-10T10:30:01.000Z',
      vehicles: [
        position(2, '2026-03-10T10:01:00.000Z', 'bus-2'),
        position(3, '2026-03-10T10:02:00.000Z', 'bus-1'),
      ],
      alerts: [alert(4)],
    });
  });

  it('forgets an alert once it is resolved', () => {
    const storage = memoryStorage();
    const cache = new CriticalCache(KEY, { storage });

    cache.record(alert(1, 'al-a'));
    cache.record(alert(2, 'al-b'));
    cache.record(resolved(3, 'al-a'));
    cache.flush();

    expect(alertIds(storage)).toEqual(['al-b']);
  });

  it('keeps at most maxVehicles, dropping the one heard from longest ago', () => {
    const storage = memoryStorage();
    const cache = new CriticalCache(KEY, { storage, maxVehicles: 2 });

    cache.record(position(1, '2026-03-10T10:01:00.000Z', 'bus-1'));
    cache.record(position(2, '2026-03-10T10:01:00.000Z', 'bus-2'));
    cache.record(position(3, '2026-03-10T10:02:00.000Z', 'bus-1'));
    cache.record(position(4, '2026-03-10T10:02:00.000Z', 'bus-3'));
    cache.flush();

    expect(vehicleIds(storage)).toEqual(['bus-1', 'bus-3']);
  });

  it('keeps at most maxAlerts, dropping the oldest', () => {
    const storage = memoryStorage();
    const cache = new CriticalCache(KEY, { storage, maxAlerts: 2 });

    for (const seq of [1, 2, 3]) cache.record(alert(seq));
    cache.flush();

    expect(alertIds(storage)).toEqual(['al-2', 'al-3']);
  });

  it('replaces the open alerts with those of a reset', () => {
    const storage = memoryStorage();
    const cache = new CriticalCache(KEY, { storage });
    cache.record(alert(1));

    cache.replaceAlerts([alert(7)]);
    cache.flush();

    expect(alertIds(storage)).toEqual(['al-7']);
  });

  it('ignores a save it cannot read or of another version', () => {
    const storage = memoryStorage();

    storage.set(KEY, '{not json');
    expect(savedIn(storage)).toBeUndefined();
    storage.set(KEY, JSON.stringify({ v: 0, savedAt: 'x', vehicles: [], alerts: [] }));
    expect(savedIn(storage)).toBeUndefined();
  });

  it('writes nothing when nothing changed', () => {
    const storage = countingStorage();

    new CriticalCache(KEY, { storage }).flush();
    vi.runAllTimers();

    expect(storage.writes).toBe(0);
  });
});

describe('webStorage', () => {
  it('drops a write the browser refuses, keeping the previous one', () => {
    const items = new Map([[KEY, 'before']]);
    const storage = webStorage({
      getItem: (key) => items.get(key) ?? null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    });

    storage.set(KEY, 'after');

    expect(storage.get(KEY)).toBe('before');
  });
});

describe('FleetClient: the cache', () => {
  function client(storage: ClientStorage) {
    return new FleetClient({
      url: 'ws://fleet.test/v1/streaming/websocket',
      apiKey: 'key-1',
      fleetId: FLEET,
      WebSocket: FakeSocket,
      transport: 'websocket',
      wake: null,
      cache: { storage },
    });
  }

  /** A client that saw one vehicle and one alert live, then closed. */
  function earlierRun(storage: ClientStorage) {
    const c = client(storage);
    c.subscribe('alerts', () => {});
    c.subscribe('vehicle_locations', () => {});
    c.connect();
    const ws = FakeSocket.last();
    ws.open();
    ws.receive(authSuccess(['alerts', 'vehicle_locations']));
    ws.receive(reset('fresh', 0));
    ws.receive(position(1, '2026-03-10T10:01:00.000Z'));
    ws.receive(alert(2));
    c.close();
  }

  it('hands over what an earlier client saw, marked stale, before any connection', () => {
    const storage = memoryStorage();
    earlierRun(storage);
    const got: CachedInfo[] = [];
    const later = client(storage);
    later.on('cached', (info) => got.push(info));

    later.connect();

    expect(FakeSocket.last().readyState).toBe(0);
    expect(got).toEqual([
      {
        savedAt: '2026-03-10T10:30:00.000Z',
        vehicles: [position(1, '2026-03-10T10:01:00.000Z')],
        alerts: [alert(2)],
        stale: true,
      },
    ]);
  });

  it('hands over nothing when nothing was saved', () => {
    const got: CachedInfo[] = [];
    const c = client(memoryStorage());
    c.on('cached', (info) => got.push(info));

    c.connect();

    expect(got).toEqual([]);
  });
});
