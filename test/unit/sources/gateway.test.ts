import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fix } from '../../../server/ingest/fix';
import { gatewayRig, type GatewayRig } from '../../support/gateway';

const NOW = Date.UTC(2026, 2, 10, 10, 0, 0);
const MIN = 60_000;

let rig: GatewayRig;

beforeEach(async () => {
  rig = await gatewayRig({ maxFleetVehicles: 3, now: () => NOW });
});

afterEach(async () => {
  await rig.close();
});

function fix(
  vehicleId: string,
  minutesAgo: number,
  over: Partial<Fix> = {},
): { fix: Fix } {
  return {
    fix: {
      vehicleId,
      deviceTime: NOW - minutesAgo * MIN,
      lat: 30.2,
      lon: -97.7,
      ...over,
    },
  };
}

const register = { register: { timeScale: 1 } };

describe('IngestGateway', () => {
  it('registers a new vehicle into the fleet and publishes its fix', async () => {
    const verdicts = await rig.gateway.submit('http', 'f1', [fix('v1', 1)], register);

    expect(verdicts).toEqual([{ status: 'accepted' }]);
    expect(rig.state.fleetOf('v1')).toBe('f1');
    expect(rig.published.map((s) => s.vehicleId)).toEqual(['v1']);
  });

  it('refuses a vehicle of another fleet like an unknown one', async () => {
    await rig.gateway.submit('http', 'f1', [fix('v1', 1)], register);
    const verdicts = await rig.gateway.submit('http', 'f2', [fix('v1', 0)], register);

    expect(verdicts).toEqual([
      {
        status: 'rejected',
        code: 'unknown_vehicle',
        message: 'vehicle v1 is not registered to fleet f2',
      },
    ]);
    expect(rig.state.state('v1')?.fix.deviceTime).toBe(NOW - MIN);
  });

  it('registers nothing when the source may not', async () => {
    const verdicts = await rig.gateway.submit('osmand', 'f1', [fix('v9', 1)]);

    expect(verdicts[0]?.code).toBe('unknown_vehicle');
    expect(rig.state.vehicle('v9')).toBeUndefined();
  });

  it('leaves no vehicle behind for a fix the policy refuses', async () => {
    const verdicts = await rig.gateway.submit(
      'http',
      'f1',
      [fix('v2', 1, { lat: 0, lon: 0 })],
      register,
    );

    expect(verdicts[0]?.code).toBe('no_fix');
    expect(rig.state.vehicle('v2')).toBeUndefined();
  });

  it('stops registering at the fleet limit', async () => {
    const batch = ['a', 'b', 'c', 'd'].map((id) => fix(id, 1));
    const verdicts = await rig.gateway.submit('http', 'f1', batch, register);

    expect(verdicts.map((v) => v.code ?? v.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'fleet_full',
    ]);
  });

  it('finds a late fix sent again a duplicate, in the same batch or a later one', async () => {
    const batch = [fix('v1', 0), fix('v1', 5), fix('v1', 5)];
    const first = await rig.gateway.submit('http', 'f1', batch, register);
    const again = await rig.gateway.submit('http', 'f1', batch, register);

    expect(first.map((v) => v.status)).toEqual(['accepted', 'accepted', 'duplicate']);
    expect(again.map((v) => v.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    const rows = await rig.db.selectFrom('positions').select('device_time').execute();
    expect(rows).toHaveLength(2);
  });

  it('answers two identical batches sent at once as one accepted, one duplicate', async () => {
    await rig.gateway.submit('http', 'f1', [fix('v1', 0)], register);
    const late = [fix('v1', 3)];
    const [a, b] = await Promise.all([
      rig.gateway.submit('http', 'f1', late, register),
      rig.gateway.submit('http', 'f1', late, register),
    ]);

    expect([a?.[0]?.status, b?.[0]?.status]).toEqual(['accepted', 'duplicate']);
  });

  it('keeps history without making it current or publishing it', async () => {
    const history = { history: true, ...register };
    const verdicts = await rig.gateway.submit(
      'import',
      'f1',
      [fix('h1', 30), fix('h1', 20)],
      history,
    );

    expect(verdicts.map((v) => v.status)).toEqual(['accepted', 'accepted']);
    expect(rig.state.state('h1')).toBeUndefined();
    expect(rig.published).toEqual([]);
    const again = await rig.gateway.submit('import', 'f1', [fix('h1', 20)], history);
    expect(again.map((v) => v.status)).toEqual(['duplicate']);
  });

  it('counts every verdict in the source monitor', async () => {
    await rig.gateway.submit(
      'http',
      'f1',
      [fix('v1', 0), fix('v1', 0), { refused: { code: 'invalid_time', message: 'x' } }],
      register,
    );

    const http = rig.monitor.health('f1').find((s) => s.source === 'http');
    expect(http).toMatchObject({
      accepted: 1,
      duplicates: 1,
      rejected: 1,
      rejected_by_reason: { invalid_time: 1 },
    });
  });

  it('gives replays a synchronous sink that keeps to their fleet', async () => {
    await rig.gateway.submit('http', 'f1', [fix('v1', 5)], register);
    const sink = rig.gateway.sink('replay', 'f2');

    expect(sink(fix('v1', 1).fix).code).toBe('unknown_vehicle');
    expect(rig.gateway.sink('replay', 'f1')(fix('v1', 1).fix)).toEqual({
      status: 'accepted',
    });
  });
});
