import { describe, expect, it } from 'vitest';
import { parseEndpoint } from '../../../server/transports/bookovia/endpoint';

describe('parseEndpoint', () => {
  it.each([
    ['/v1/streaming/websocket', { kind: 'multi' }],
    ['/v1/streaming/websocket/', { kind: 'multi' }],
    ['/v1/streaming/websocket/fleet/fleet-1', { kind: 'fleet', id: 'fleet-1' }],
    ['/v1/streaming/websocket/vehicle/bus-5012', { kind: 'vehicle', id: 'bus-5012' }],
    ['/v1/streaming/websocket/trip/t-42', { kind: 'trip', id: 't-42' }],
  ])('reads %s', (path, endpoint) => {
    expect(parseEndpoint(path)).toEqual(endpoint);
  });

  it('accepts a trailing slash after a scoped id', () => {
    expect(parseEndpoint('/v1/streaming/websocket/fleet/fleet-1/')).toEqual({
      kind: 'fleet',
      id: 'fleet-1',
    });
  });

  it('decodes a URL-encoded id', () => {
    expect(parseEndpoint('/v1/streaming/websocket/vehicle/bus%205012%2Fa')).toEqual({
      kind: 'vehicle',
      id: 'bus 5012/a',
    });
  });

  it('rejects an id that is not valid percent-encoding', () => {
    expect(parseEndpoint('/v1/streaming/websocket/vehicle/bus%E0%A4')).toBeNull();
  });

  it('accepts an id of 128 characters', () => {
    const id = 'v'.repeat(128);

    expect(parseEndpoint(`/v1/streaming/websocket/vehicle/${id}`)).toEqual({
      kind: 'vehicle',
      id,
    });
  });

  it('rejects an id longer than 128 characters', () => {
    expect(
      parseEndpoint(`/v1/streaming/websocket/vehicle/${'v'.repeat(129)}`),
    ).toBeNull();
  });

  it.each([
    ['a path that only shares the prefix', '/v1/streaming/websocketX'],
    ['a deeper path', '/v1/streaming/websocket/fleet/fleet-1/extra'],
    ['a scope without an id', '/v1/streaming/websocket/fleet/'],
    ['an unknown scope', '/v1/streaming/websocket/driver/d-1'],
    ['a doubled slash', '/v1/streaming/websocket//'],
    ['another path', '/v1/streaming'],
    ['the root', '/'],
  ])('rejects %s', (_name, path) => {
    expect(parseEndpoint(path)).toBeNull();
  });
});
