import { randomBytes } from 'node:crypto';
import type { RedisLink } from './stream';

/**
 * The stream epoch every node shares: the first node to start writes one,
 * the others read it. It outlives any node, so a client that resumes on
 * another node after its own died keeps its offsets. It changes only if
 * Redis loses its data, when every `seq` starts again too.
 */
export async function sharedEpoch(redis: RedisLink, key: string): Promise<string> {
  const fresh = Date.now().toString(36) + randomBytes(3).toString('hex');
  // SET NX GET answers the value already there, or nil when ours was set.
  const old = await redis.sendCommand<string | null>(['SET', key, fresh, 'NX', 'GET']);
  return old ?? fresh;
}
