import protobuf from 'protobufjs';

/**
 * The part of GTFS-realtime (https://gtfs.org/realtime/reference/) that
 * vehicle positions need, with the field numbers of the specification.
 * Fields left out here (trip updates, alerts, occupancy…) are skipped by
 * the decoder as unknown, as protobuf requires.
 *
 * Every field is optional on purpose, although the specification makes a
 * few required: a strict decoder throws away the whole feed for one
 * entity without a latitude, where we refuse that one vehicle and keep
 * the rest.
 */
const PROTO = `
syntax = "proto2";
package transit_realtime;

message FeedMessage {
  optional FeedHeader header = 1;
  repeated FeedEntity entity = 2;
}

message FeedHeader {
  optional string gtfs_realtime_version = 1;
  optional uint32 incrementality = 2;
  optional uint64 timestamp = 3;
}

message FeedEntity {
  optional string id = 1;
  optional bool is_deleted = 2;
  optional VehiclePosition vehicle = 4;
}

message VehiclePosition {
  optional TripDescriptor trip = 1;
  optional Position position = 2;
  optional uint64 timestamp = 5;
  optional VehicleDescriptor vehicle = 8;
}

message Position {
  optional float latitude = 1;
  optional float longitude = 2;
  optional float bearing = 3;
  optional double odometer = 4;
  optional float speed = 5;
}

message TripDescriptor {
  optional string trip_id = 1;
  optional string route_id = 5;
}

message VehicleDescriptor {
  optional string id = 1;
  optional string label = 2;
}
`;

const root = protobuf.parse(PROTO, { keepCase: true }).root;

/** The FeedMessage type, for decoding and (in tests) building feeds. */
export const FeedMessage = root.lookupType('transit_realtime.FeedMessage');

/** A decoded feed in plain objects; 64-bit times as numbers. */
export interface Feed {
  header?: {
    gtfs_realtime_version?: string;
    incrementality?: number;
    /** POSIX seconds. */
    timestamp?: number;
  };
  entity?: FeedEntity[];
}

export interface FeedEntity {
  id?: string;
  is_deleted?: boolean;
  vehicle?: {
    trip?: { trip_id?: string; route_id?: string };
    position?: {
      latitude?: number;
      longitude?: number;
      bearing?: number;
      odometer?: number;
      /** Metres per second. */
      speed?: number;
    };
    /** POSIX seconds. */
    timestamp?: number;
    vehicle?: { id?: string; label?: string };
  };
}

/** Decodes a FeedMessage; throws on bytes that are not one. */
export function decodeFeed(bytes: Uint8Array): Feed {
  const message = FeedMessage.decode(bytes);
  return FeedMessage.toObject(message, { longs: Number }) as Feed;
}

/** Encodes a feed; the server never sends one, tests build theirs with it. */
export function encodeFeed(feed: Feed): Uint8Array {
  const problem = FeedMessage.verify(feed);
  if (problem) throw new Error(`not a FeedMessage: ${problem}`);
  return FeedMessage.encode(FeedMessage.fromObject(feed)).finish();
}
