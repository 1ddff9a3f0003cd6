/** The part of `window` and `document` that tells a page it may reconnect now. */
export interface WakeSource {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/**
 * In a browser, calls `wake` when the network comes back (`online`) or the
 * page is shown again (`visibilitychange` to visible): a backoff timer
 * set while the laptop slept or the tab was hidden would otherwise make a
 * person wait for nothing. Elsewhere it does nothing. Answers the undo.
 */
export function onWake(
  wake: () => void,
  target: WakeSource | undefined = browserWindow(),
  isVisible: () => boolean = documentVisible,
): () => void {
  if (!target) return () => {};
  const visible = () => {
    if (isVisible()) wake();
  };
  target.addEventListener('online', wake);
  target.addEventListener('visibilitychange', visible);
  return () => {
    target.removeEventListener('online', wake);
    target.removeEventListener('visibilitychange', visible);
  };
}

interface BrowserGlobals {
  window?: WakeSource;
  document?: { visibilityState?: string } & WakeSource;
}

/**
 * `visibilitychange` fires on `document` and bubbles no further than it,
 * so the window hears `online` and the document hears visibility.
 */
function browserWindow(): WakeSource | undefined {
  const g = globalThis as BrowserGlobals;
  const { window: win, document: doc } = g;
  if (!win || !doc) return undefined;
  return {
    addEventListener(type, listener) {
      (type === 'visibilitychange' ? doc : win).addEventListener(type, listener);
    },
    removeEventListener(type, listener) {
      (type === 'visibilitychange' ? doc : win).removeEventListener(type, listener);
    },
  };
}

function documentVisible(): boolean {
  const doc = (globalThis as BrowserGlobals).document;
  return doc?.visibilityState !== 'hidden';
}
