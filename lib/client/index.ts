export {
  FleetClient,
  type ChannelHandler,
  type ClientEvents,
  type ConnectionState,
  type Delivery,
  type FleetClientOptions,
  type ResetInfo,
  type StateDetail,
} from './client';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
export type { SocketFactory, SocketLike } from './socket';
export type { WakeSource } from './wake';
