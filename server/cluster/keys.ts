/**
 * The Redis keys of a deployment, all under its prefix (REDIS_KEY_PREFIX).
 * A fleet's keys share one hash tag, `{fleet:<id>}`, so the publish script,
 * which writes all of them at once, could run on a Redis Cluster slot too.
 */
export interface ClusterKeys {
  /** The stream epoch every node shares (server/cluster/epoch.ts). */
  readonly epoch: string;
  /** A fleet's last `seq`, counted by the publish script. */
  seq(fleetId: string): string;
  /** Everything a fleet publishes, briefly: what the readers follow. */
  live(fleetId: string): string;
  /** A fleet's replayable events, capped at REPLAY_MAX_EVENTS. */
  events(fleetId: string): string;
  /** A fleet's latest position per vehicle, for snapshots. */
  positions(fleetId: string): string;
  /** Marks a message as already added, so a retried publish adds it once. */
  sent(fleetId: string, messageKey: string): string;
  /** A node's own stream, written to wake its reader. */
  wake(nodeId: string): string;
  /** The Socket.IO adapter's channels or stream. */
  readonly adapter: string;
}

export function clusterKeys(prefix: string): ClusterKeys {
  const fleet = (fleetId: string) => `${prefix}{fleet:${fleetId}}`;
  return {
    epoch: `${prefix}epoch`,
    seq: (f) => `${fleet(f)}:seq`,
    live: (f) => `${fleet(f)}:live`,
    events: (f) => `${fleet(f)}:events`,
    positions: (f) => `${fleet(f)}:positions`,
    sent: (f, key) => `${fleet(f)}:sent:${key}`,
    wake: (nodeId) => `${prefix}node:${nodeId}:wake`,
    adapter: `${prefix}socket.io`,
  };
}

/** The fleet a `live` key belongs to, or undefined for another key. */
export function fleetOfLiveKey(prefix: string, key: string): string | undefined {
  const head = `${prefix}{fleet:`;
  const tail = '}:live';
  if (!key.startsWith(head) || !key.endsWith(tail)) return undefined;
  return key.slice(head.length, -tail.length);
}
