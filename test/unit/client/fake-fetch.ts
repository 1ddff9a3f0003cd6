import type { FetchLike } from '../../../lib/client';

export interface Call {
  url: URL;
  headers: Record<string, string>;
  aborted: () => boolean;
  answer(status: number, body: unknown): void;
  fail(error: Error): void;
}

/**
 * A fetch the test answers by hand: every request waits in `calls`
 * until the test answers or fails it, and rejects when aborted.
 */
export class FakeFetch {
  readonly calls: Call[] = [];

  readonly fetch: FetchLike = (url, init) =>
    new Promise((resolve, reject) => {
      init.signal.addEventListener('abort', () => reject(new Error('aborted')));
      this.calls.push({
        url: new URL(url),
        headers: init.headers,
        aborted: () => init.signal.aborted,
        answer: (status, body) => resolve({ status, json: async () => body }),
        fail: reject,
      });
    });

  last(): Call {
    const call = this.calls.at(-1);
    if (!call) throw new Error('nothing was fetched');
    return call;
  }
}
