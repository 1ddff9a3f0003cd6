export { ConnectionLimit, CONNECTION_RETRY_AFTER_S, type Release } from './connections';
export {
  DEFAULT_RATE_LIMIT,
  FloodGuard,
  type RateLimit,
  type Verdict,
} from './flood-guard';
export { TokenBucket, type Now, type Take } from './token-bucket';
