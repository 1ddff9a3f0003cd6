'use client';

import { askDesktopPermission, useDesktopPermission } from './desktop-alerts';

/**
 * "Enable desktop alerts": asks the browser once. Hidden where the page
 * cannot have them or already does; a refusal is said, not hidden.
 */
export function DesktopAlertsButton() {
  const permission = useDesktopPermission();
  if (permission === 'unsupported' || permission === 'granted') return null;
  if (permission === 'denied') {
    return (
      <span className="muted" title="Allow notifications for this site in the browser">
        Desktop alerts blocked
      </span>
    );
  }
  return (
    <button
      type="button"
      className="button subtle"
      onClick={() => void askDesktopPermission()}
    >
      Enable desktop alerts
    </button>
  );
}
