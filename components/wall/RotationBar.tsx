'use client';

import { VIEW_LABEL, type WallView } from './wall-options';

/**
 * The wall's views by name, the one showing lit, and under them a bar
 * that fills over the view's time: from across the room, what is on and
 * how long it stays. While an alarm holds the wall, it says so instead.
 */
export function RotationBar({
  views,
  view,
  lap,
  periodMs,
  holding,
}: {
  views: readonly WallView[];
  view: WallView;
  lap: number;
  periodMs: number;
  holding: boolean;
}) {
  return (
    <nav
      className="wall-rotation"
      aria-label="Wall views"
      data-holding={holding || undefined}
    >
      {holding ? (
        <p className="wall-hold">Held on an urgent alert until it is acknowledged</p>
      ) : (
        <ol>
          {views.map((v) => (
            <li key={v} aria-current={v === view ? 'true' : undefined}>
              {VIEW_LABEL[v]}
            </li>
          ))}
        </ol>
      )}
      {!holding && views.length > 1 && (
        <div className="wall-progress" data-testid="rotation-progress" aria-hidden>
          {/* A new element per lap restarts the CSS animation: no timer ticks. */}
          <span key={`${view}-${lap}`} style={{ animationDuration: `${periodMs}ms` }} />
        </div>
      )}
    </nav>
  );
}
