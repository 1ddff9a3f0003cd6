'use client';

import type { SoundState } from './alarm-tone';

/**
 * Shown while the browser keeps the page silent. Any click or key press
 * unlocks sound (use-alarm.ts); this button is only the visible ask.
 */
export function SoundGate({ state, ringing }: { state: SoundState; ringing: boolean }) {
  if (state !== 'blocked') return null;
  return (
    <button type="button" className="sound-gate" data-ringing={ringing || undefined}>
      <MutedIcon /> Sound is off. Click or press any key to enable the alarm sound.
    </button>
  );
}

/** A speaker with a cross, drawn here: no icon font or file to load. */
function MutedIcon() {
  return (
    <svg viewBox="0 0 24 24" width="1.2em" height="1.2em" aria-hidden focusable="false">
      <path d="M3 9h4l5-4v14l-5-4H3z" fill="currentColor" />
      <path
        d="M16 9l5 6M21 9l-5 6"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
      />
    </svg>
  );
}
