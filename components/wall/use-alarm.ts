'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Severity } from '@/lib/protocol';
import { AlarmTone, type SoundState } from './alarm-tone';

/**
 * Sounds the alarm for `severity` (the most severe alert ringing, or
 * null) and answers whether the browser lets the page sound. Any click or
 * key press on the page unlocks sound, so a wall with only a keyboard
 * works too.
 */
export function useAlarm(severity: Severity | null): SoundState {
  const [tone] = useState(() => new AlarmTone());
  const state = useSyncExternalStore(
    tone.subscribe,
    tone.getState,
    (): SoundState => 'unsupported',
  );

  useEffect(() => {
    tone.start();
    const unlock = () => tone.unlock();
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
      tone.dispose();
    };
  }, [tone]);

  useEffect(() => {
    tone.ring(severity);
  }, [tone, severity]);

  return state;
}
