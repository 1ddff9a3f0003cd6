'use client';

import { formatClock } from '@/lib/fleet/format';
import { fromZoned, MINUTE_MS, toZoned } from '@/lib/replay/zoned-time';

/**
 * Picks a minute within the stored history, in the fleet's zone: a date
 * and a time field, a slider over the whole span, steps, and play.
 */
export function MinutePicker({
  t,
  first,
  last,
  timeZone,
  playing,
  onPick,
  onPlay,
}: {
  t: number;
  first: number;
  last: number;
  timeZone: string;
  playing: boolean;
  onPick: (t: number) => void;
  onPlay: (on: boolean) => void;
}) {
  const local = toZoned(t, timeZone);
  // Not clamped to the span: a minute outside it shows that nothing was
  // stored then, which is the answer to the question asked.
  const pick = (next: number | undefined) => {
    if (next !== undefined) onPick(next);
  };
  const step = (minutes: number) => pick(t + minutes * MINUTE_MS);

  return (
    <div className="minute-picker">
      <label className="field-inline">
        Date
        <input
          type="date"
          value={local.date}
          min={toZoned(first, timeZone).date}
          max={toZoned(last, timeZone).date}
          onChange={(e) => pick(fromZoned({ ...local, date: e.target.value }, timeZone))}
        />
      </label>
      <label className="field-inline">
        Time
        <input
          type="time"
          value={local.time}
          onChange={(e) => pick(fromZoned({ ...local, time: e.target.value }, timeZone))}
        />
      </label>
      <span className="muted small">{formatClock(t, timeZone).slice(6)}</span>
      <div className="minute-steps" role="group" aria-label="Step">
        <button type="button" className="button" onClick={() => step(-10)}>
          −10 min
        </button>
        <button type="button" className="button" onClick={() => step(-1)}>
          −1 min
        </button>
        <button
          type="button"
          className="button primary"
          disabled={!playing && t >= last}
          onClick={() => onPlay(!playing)}
        >
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <button type="button" className="button" onClick={() => step(1)}>
          +1 min
        </button>
        <button type="button" className="button" onClick={() => step(10)}>
          +10 min
        </button>
      </div>
      <input
        type="range"
        className="minute-slider"
        aria-label="Minute in the stored history"
        aria-valuetext={formatClock(t, timeZone)}
        min={first}
        max={last}
        step={MINUTE_MS}
        value={t}
        onChange={(e) => pick(Number(e.target.value))}
      />
    </div>
  );
}
