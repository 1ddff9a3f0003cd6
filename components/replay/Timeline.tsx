'use client';

import type { AlertRecord } from '@/lib/protocol';
import { formatSeconds } from '@/lib/replay/zoned-time';
import type { Stop } from '@/lib/replay/stops';

/**
 * The trip's time as a slider, with its stops and alerts marked along it;
 * each mark is a button that moves the cursor to its time.
 */
export function Timeline({
  start,
  end,
  t,
  stops,
  alerts,
  timeZone,
  onSeek,
}: {
  start: number;
  end: number;
  t: number;
  stops: readonly Stop[];
  alerts: readonly AlertRecord[];
  timeZone: string | undefined;
  onSeek: (t: number) => void;
}) {
  const span = Math.max(1, end - start);
  const at = (time: number) => `${(((time - start) / span) * 100).toFixed(2)}%`;
  const clock = (time: number) => formatSeconds(time, timeZone);

  return (
    <div className="timeline">
      <input
        type="range"
        className="timeline-slider"
        aria-label="Replay time"
        aria-valuetext={clock(t)}
        min={start}
        max={end}
        step={1}
        value={t}
        onChange={(e) => onSeek(Number(e.target.value))}
      />
      <ol className="timeline-marks" aria-label="Stops and alerts">
        {stops.map((s) => (
          <li key={`stop-${s.start}`} style={{ left: at(s.start) }}>
            <button
              type="button"
              className="mark"
              data-kind="stop"
              title={`Stop ${clock(s.start)}–${clock(s.end)}`}
              aria-label={`Stop at ${clock(s.start)}, ${minutes(s.end - s.start)}`}
              onClick={() => onSeek(s.start)}
            />
          </li>
        ))}
        {alerts.map((a) => {
          const raised = Date.parse(a.raised_at);
          return (
            <li key={a.alert_id} style={{ left: at(raised) }}>
              <button
                type="button"
                className="mark"
                data-kind="alert"
                data-severity={a.severity}
                title={`${a.category.replace(/_/g, ' ')} at ${clock(raised)}`}
                aria-label={`Alert ${a.category.replace(/_/g, ' ')} at ${clock(raised)}`}
                onClick={() => onSeek(raised)}
              />
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m === 1 ? '1 minute' : `${m} minutes`;
}
