import type { LockManagerLike } from '../../../lib/tabs/leader';
import type { ChannelLike, TabMessage } from '../../../lib/tabs/tab-channel';

/**
 * Web Locks as a browser grants them: one holder per name, the waiting
 * requests granted in order once the holder's callback settles.
 */
export class FakeLocks implements LockManagerLike {
  private readonly queues = new Map<string, Array<() => Promise<void>>>();

  request(name: string, callback: () => Promise<void>): Promise<unknown> {
    const queue = this.queues.get(name) ?? [];
    this.queues.set(name, queue);
    queue.push(callback);
    if (queue.length === 1) void this.grant(name);
    return Promise.resolve();
  }

  private async grant(name: string): Promise<void> {
    const queue = this.queues.get(name) ?? [];
    const next = queue[0];
    if (!next) return;
    await next();
    queue.shift();
    void this.grant(name);
  }
}

/** BroadcastChannels of one name: a post reaches every other end, later. */
export class FakeBus {
  private readonly ends = new Set<FakeChannel>();
  readonly posted: TabMessage[] = [];

  open(): FakeChannel {
    const end = new FakeChannel(this);
    this.ends.add(end);
    return end;
  }

  deliver(from: FakeChannel, message: TabMessage): void {
    this.posted.push(message);
    // A structured clone, delivered as a task, as browsers do.
    const data: unknown = structuredClone(message);
    for (const end of this.ends) {
      if (end !== from) setTimeout(() => end.receive(data), 0);
    }
  }

  remove(end: FakeChannel): void {
    this.ends.delete(end);
  }
}

class FakeChannel implements ChannelLike {
  private readonly listeners: Array<(e: { data: unknown }) => void> = [];
  private closed = false;

  constructor(private readonly bus: FakeBus) {}

  postMessage(message: TabMessage): void {
    if (this.closed) throw new Error('posted on a closed channel');
    this.bus.deliver(this, message);
  }

  addEventListener(_type: 'message', listener: (e: { data: unknown }) => void): void {
    this.listeners.push(listener);
  }

  receive(data: unknown): void {
    if (this.closed) return;
    for (const l of this.listeners) l({ data });
  }

  close(): void {
    this.closed = true;
    this.bus.remove(this);
  }
}

/** Lets queued tasks and promise jobs run. */
export const settle = () => new Promise((r) => setTimeout(r, 5));
