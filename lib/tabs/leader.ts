/** The part of the Web Locks API (`navigator.locks`) leadership needs. */
export interface LockManagerLike {
  request(name: string, callback: () => Promise<void>): Promise<unknown>;
}

/**
 * Takes part in electing one leader among the tabs of a browser: calls
 * `onLead` once this tab holds the lock `name`, which it keeps until it
 * resigns (the returned function) or closes. The browser frees a closed
 * tab's locks itself and grants them to the next tab waiting, so a
 * follower takes over without any timeout. Without `locks` (old browsers,
 * and pages served over plain http, where the API is absent), every tab
 * leads on its own.
 */
export function lead(
  locks: LockManagerLike | undefined,
  name: string,
  onLead: () => void,
): () => void {
  if (!locks) {
    onLead();
    return () => {};
  }
  let resigned = false;
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  locks
    .request(name, async () => {
      if (resigned) return;
      onLead();
      await held;
    })
    // A request aborted by the page going away: nothing to lead.
    .catch(() => {});
  return () => {
    resigned = true;
    release();
  };
}
