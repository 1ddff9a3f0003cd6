import type { UpstreamConfig } from '../config';
import type { Db } from '../db/open';
import type { FleetState } from '../fleet/fleet-state';
import type { Ops } from '../http/ops';
import type { Logger } from '../log';
import type { StreamHub } from '../stream/hub';
import { upstreamFleets } from './fleets';
import { BridgeLink, type BridgeOptions } from './link';
import { Relay } from './relay';

export interface BridgeDeps {
  upstream: UpstreamConfig;
  db: Db;
  state: FleetState;
  hub: StreamHub;
  ops: Ops;
  log: Logger;
  link?: Pick<BridgeOptions, 'reconnect' | 'heartbeat'>;
}

/**
 * Starts bridge mode: the upstream's fleets become this server's under
 * the same ids, then its stream flows in. `/readyz` reports the link
 * (`bridge`) and `/metrics` its counts. Each time the link comes back the
 * fleet list is read again, for fleets granted or renamed meanwhile.
 */
export function startBridge(deps: BridgeDeps): BridgeLink {
  const { upstream, log } = deps;
  const relay = new Relay(deps);
  const link = new BridgeLink({ upstream, relay, log, ...deps.link });
  deps.ops.register(...link.metrics);
  deps.ops.addCheck('bridge', () => link.live);

  const sync = () =>
    upstreamFleets(upstream)
      .then((fleets) => relay.adoptFleets(fleets))
      .catch((error: unknown) =>
        log.warn('could not read the upstream fleets', { error: String(error) }),
      );
  link.onState((state) => {
    if (state === 'live') void sync();
  });
  link.start();
  return link;
}
