'use client';

import { REPLAY_SPEEDS, type ReplaySpeed } from '@/lib/replay/clock';
import type { Replay } from './use-replay';

/** Play, pause, step, speed and camera follow. */
export function ReplayControls({
  replay,
  follow,
  onFollow,
}: {
  replay: Replay;
  follow: boolean;
  onFollow: (follow: boolean) => void;
}) {
  return (
    <div className="replay-controls" role="group" aria-label="Playback">
      <button
        type="button"
        className="button"
        aria-label="Step back"
        title="Step back (←)"
        onClick={() => replay.step(-1)}
      >
        ◀ Step
      </button>
      <button
        type="button"
        className="button primary play"
        aria-label={replay.playing ? 'Pause' : 'Play'}
        title="Play or pause (space)"
        onClick={replay.toggle}
      >
        {replay.playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button
        type="button"
        className="button"
        aria-label="Step forward"
        title="Step forward (→)"
        onClick={() => replay.step(1)}
      >
        Step ▶
      </button>
      <label className="replay-speed">
        Speed
        <select
          aria-label="Playback speed"
          value={replay.speed}
          onChange={(e) => replay.setSpeed(Number(e.target.value) as ReplaySpeed)}
        >
          {REPLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={follow}
          onChange={(e) => onFollow(e.target.checked)}
        />
        Follow the vehicle
      </label>
    </div>
  );
}
