/**
 * Scale-out: a transport calls this before it reads a fleet's stream for a
 * viewer (its snapshot, replay, `seq`), and calls what it answers once the
 * viewer is gone. Until it resolves the fleet's past may not be on this
 * node yet (server/cluster/stream.ts). Absent on a single node.
 */
export type WatchFleets = (fleetIds: readonly string[]) => Promise<() => void>;
