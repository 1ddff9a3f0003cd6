import type { Delivery } from '../../lib/protocol';
import type { NotifyService } from '../../server/alerts/notifier';

/**
 * The next `n` attempts the notifier stores, in order. Call it before
 * whatever causes them, so none is missed.
 */
export function nextAttempts(notifier: NotifyService, n: number): Promise<Delivery[]> {
  const seen: Delivery[] = [];
  return new Promise((resolve) => {
    const stop = notifier.onAttempt((d) => {
      seen.push(d);
      if (seen.length < n) return;
      stop();
      resolve(seen);
    });
  });
}

export async function nextAttempt(
  notifier: NotifyService,
  cause: () => unknown,
): Promise<Delivery> {
  const next = nextAttempts(notifier, 1);
  await cause();
  const [d] = await next;
  if (!d) throw new Error('no attempt was stored');
  return d;
}
