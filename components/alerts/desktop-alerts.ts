'use client';

import { useSyncExternalStore } from 'react';

/**
 * Desktop notifications for urgent alerts, through the Notification API.
 * Browsers offer it only in secure contexts (https, localhost), so a
 * dashboard opened over plain http on a LAN falls back to in-app toasts.
 */
export type DesktopPermission = NotificationPermission | 'unsupported';

export function desktopPermission(): DesktopPermission {
  if (typeof window === 'undefined' || !('Notification' in window)) return 'unsupported';
  if (!window.isSecureContext) return 'unsupported';
  return Notification.permission;
}

/** Asks once, on a click: browsers ignore a request no gesture made. */
export async function askDesktopPermission(): Promise<DesktopPermission> {
  if (desktopPermission() === 'unsupported') return 'unsupported';
  const answer = await Notification.requestPermission();
  for (const l of listeners) l();
  return answer;
}

/**
 * Shows a notification when permission is granted. False when it could
 * not be shown, so the caller tells the person another way. Chrome on
 * Android refuses `new Notification` outside a service worker: that too
 * is a false.
 */
export function showDesktopAlert(title: string, body: string, tag: string): boolean {
  if (desktopPermission() !== 'granted') return false;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      n.close();
    };
    return true;
  } catch {
    return false;
  }
}

const listeners = new Set<() => void>();

/** The permission, re-read when the person changes it in the browser. */
export function useDesktopPermission(): DesktopPermission {
  return useSyncExternalStore(subscribe, desktopPermission, () => 'unsupported');
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  let status: PermissionStatus | undefined;
  let gone = false;
  navigator.permissions
    ?.query({ name: 'notifications' })
    .then((s) => {
      if (gone) return;
      status = s;
      s.addEventListener('change', listener);
    })
    .catch(() => {});
  return () => {
    gone = true;
    listeners.delete(listener);
    status?.removeEventListener('change', listener);
  };
}
