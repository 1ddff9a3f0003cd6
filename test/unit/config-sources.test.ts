import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { problems } from '../support/config';

describe('loadConfig: position sources', () => {
  it('reads the OsmAnd port, batch, fleet and upload limits', () => {
    const config = loadConfig({
      OSMAND_PORT: '5055',
      INGEST_MAX_BATCH: '100',
      FLEET_MAX_VEHICLES: '20',
      IMPORT_MAX_BYTES: '2048',
      GTFS_RT_ALLOW_PRIVATE: 'on',
    });

    expect(config).toMatchObject({
      osmandPort: 5055,
      ingestMaxBatch: 100,
      fleetMaxVehicles: 20,
      importMaxBytes: 2048,
      gtfsRtAllowPrivate: true,
    });
  });

  it.each(['0', '10001', '2.5', 'many'])('refuses the batch size %s', (value) => {
    expect(problems({ INGEST_MAX_BATCH: value })).toEqual([
      'INGEST_MAX_BATCH: must be a whole number of fixes from 1 to 10000',
    ]);
  });

  it('refuses a fleet limit of no vehicles', () => {
    expect(problems({ FLEET_MAX_VEHICLES: '0' })).toEqual([
      'FLEET_MAX_VEHICLES: must be a whole number of vehicles from 1 to 100000',
    ]);
  });

  it('refuses an upload limit under 1 KiB', () => {
    expect(problems({ IMPORT_MAX_BYTES: '100' })).toEqual([
      'IMPORT_MAX_BYTES: must be a whole number of bytes from 1024 to 268435456',
    ]);
  });

  it('refuses a private-address switch other than on or off', () => {
    expect(problems({ GTFS_RT_ALLOW_PRIVATE: 'yes' })).toEqual([
      'GTFS_RT_ALLOW_PRIVATE: must be on or off',
    ]);
  });

  it('refuses an OsmAnd port out of range', () => {
    expect(problems({ OSMAND_PORT: '70000' })).toEqual([
      'OSMAND_PORT: must be a whole number from 0 to 65535',
    ]);
  });
});
