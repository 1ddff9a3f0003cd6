export {
  FleetClient,
  type CachedInfo,
  type ChannelHandler,
  type ClientEvents,
  type ConnectionState,
  type Delivery,
  type FleetClientOptions,
  type ResetInfo,
  type StateDetail,
  type Transport,
} from './client';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
export {
  memoryStorage,
  webStorage,
  type CachedState,
  type CacheOptions,
  type ClientStorage,
} from './cache';
export { PollError, type FetchLike, type LongPollOptions } from './long-poll';
export type { SocketFactory, SocketLike } from './socket';
export type { WakeSource } from './wake';
