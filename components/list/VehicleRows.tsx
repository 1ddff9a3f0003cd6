'use client';

import {
  memo,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { formatAge } from '@/lib/fleet/format';
import { fixDelay, formatDelayMs, isLate } from '@/lib/fleet/freshness';
import { explainDelay } from '@/lib/fleet/freshness-text';
import type { ListRow } from '@/lib/fleet/list';
import { STATUS_LABEL } from '@/lib/fleet/status';
import { rowWindow, scrollTopFor } from '@/lib/fleet/window';
import { formatSpeed, type UnitSystem } from '@/lib/geo/units';
import { useFleet } from '../fleet-store-context';
import { useUnits } from '../use-units';

/** Every row is this tall (CSS `.vehicle-row` agrees), so windowing is arithmetic. */
export const ROW_HEIGHT = 56;

/** Keys that move through the list, and by how many rows. */
const MOVES: Record<string, (index: number, count: number, page: number) => number> = {
  ArrowDown: (i) => i + 1,
  ArrowUp: (i) => i - 1,
  PageDown: (i, _, page) => i + page,
  PageUp: (i, _, page) => i - page,
  Home: () => 0,
  End: (_, count) => count - 1,
};

/**
 * The rows of the vehicle list, windowed: only those in view are in the
 * DOM. One row at a time takes Tab focus (a roving tabindex); the arrow
 * keys move it, scrolling as they go, and Enter selects.
 */
export function VehicleRows({ rows, now }: { rows: readonly ListRow[]; now: number }) {
  const scroller = useRef<HTMLElement>(null);
  const [view, setView] = useState({ scrollTop: 0, height: 600 });
  const [active, setActive] = useState<string | null>(null);
  const focusing = useRef(false);
  const selectedId = useFleet((s) => s.selectedId);
  const select = useFleet((s) => s.select);
  const [units] = useUnits();

  const count = rows.length;
  const win = rowWindow({ count, rowHeight: ROW_HEIGHT, ...view });
  const activeIndex = Math.max(
    0,
    rows.findIndex((r) => r.id === (active ?? selectedId)),
  );
  // Tab must always find a row: when the active one has scrolled out of
  // the window, the first row in view takes its place.
  const tabIndexRow =
    activeIndex >= win.start && activeIndex < win.end
      ? activeIndex
      : Math.min(count - 1, Math.floor(view.scrollTop / ROW_HEIGHT));

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ scrollTop: el.scrollTop, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A vehicle selected elsewhere (the map, an alert) scrolls into view,
  // and stays there while rows appear above it (vehicles starting to
  // report) until the reader scrolls the list themselves. A selection
  // whose row is not listed yet (filtered out, not reported) waits for it.
  const index = rows.findIndex((r) => r.id === selectedId);
  const follow = useRef<{ id: string; top: number } | null>(null);
  useEffect(() => {
    const el = scroller.current;
    if (!selectedId) follow.current = null;
    if (!el || !selectedId || index < 0) return;
    const fresh = follow.current?.id !== selectedId;
    if (!fresh && follow.current?.top !== el.scrollTop) return;
    el.scrollTop = scrollTopFor(index, {
      count,
      rowHeight: ROW_HEIGHT,
      scrollTop: el.scrollTop,
      height: el.clientHeight,
    });
    // Read back: the browser clamps a scrollTop past the end.
    follow.current = { id: selectedId, top: el.scrollTop };
    if (fresh) setActive(selectedId);
  }, [selectedId, index, count]);

  // After a key moved the active row, focus follows once it is rendered.
  useEffect(() => {
    if (!focusing.current || !active) return;
    // The row may only render once the scroll has moved the window.
    const button = scroller.current?.querySelector<HTMLElement>(
      `[data-vehicle-id="${CSS.escape(active)}"]`,
    );
    if (!button) return;
    focusing.current = false;
    button.focus({ preventScroll: true });
  }, [active, win.start]);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const move = MOVES[e.key];
    const el = scroller.current;
    if (!move || !el || count === 0) return;
    e.preventDefault();
    const page = Math.max(1, Math.floor(el.clientHeight / ROW_HEIGHT) - 1);
    const next = Math.min(count - 1, Math.max(0, move(activeIndex, count, page)));
    const row = rows[next];
    if (!row) return;
    el.scrollTop = scrollTopFor(next, {
      count,
      rowHeight: ROW_HEIGHT,
      scrollTop: el.scrollTop,
      height: el.clientHeight,
    });
    focusing.current = true;
    setActive(row.id);
  };

  return (
    <nav
      ref={scroller}
      className="vehicle-scroll"
      aria-label="Vehicles"
      onScroll={(e) =>
        setView({
          scrollTop: e.currentTarget.scrollTop,
          height: e.currentTarget.clientHeight,
        })
      }
      onKeyDown={onKeyDown}
    >
      {count === 0 && <p className="muted panel-note list-empty">No vehicle matches.</p>}
      <ul style={{ height: win.total }}>
        {rows.slice(win.start, win.end).map((r, i) => (
          <VehicleRow
            key={r.id}
            row={r}
            index={win.start + i}
            count={count}
            now={now}
            units={units}
            selected={r.id === selectedId}
            tabbable={win.start + i === tabIndexRow}
            onSelect={select}
            onFocus={setActive}
          />
        ))}
      </ul>
    </nav>
  );
}

interface RowProps {
  row: ListRow;
  index: number;
  count: number;
  now: number;
  units: UnitSystem;
  selected: boolean;
  tabbable: boolean;
  onSelect: (id: string | null) => void;
  onFocus: (id: string) => void;
}

const VehicleRow = memo(function VehicleRow({
  row: r,
  index,
  count,
  now,
  units,
  selected,
  tabbable,
  onSelect,
  onFocus,
}: RowProps) {
  const vehicle = useFleet((s) => s.vehicles[r.id]);
  const clockOffset = useFleet((s) => s.clockOffset);
  const timeZone = useFleet((s) => s.fleet?.timezone);
  const delay = vehicle ? fixDelay(vehicle, clockOffset) : 0;
  const late = r.delay === undefined ? '' : lateText(r.delay);

  return (
    <li
      style={{ top: index * ROW_HEIGHT }}
      aria-setsize={count}
      aria-posinset={index + 1}
    >
      <button
        type="button"
        className="vehicle-row"
        aria-pressed={selected}
        tabIndex={tabbable ? 0 : -1}
        data-vehicle-id={r.id}
        onClick={() => onSelect(selected ? null : r.id)}
        onFocus={() => onFocus(r.id)}
      >
        <span
          className="status-dot"
          data-status={r.status}
          title={STATUS_LABEL[r.status]}
        />
        <span className="vehicle-text">
          <span>
            <span className="vehicle-name">{r.label}</span>
            {r.routeId && (
              <span className="route-tag" title={`Route ${r.routeId}`}>
                <span className="visually-hidden">Route </span>
                {r.routeId}
              </span>
            )}
          </span>
          <span className="vehicle-meta">
            <span className="visually-hidden">{STATUS_LABEL[r.status]}, </span>
            {late && `${late} · `}
            <span
              title={
                vehicle
                  ? explainDelay(
                      vehicle.deviceTime,
                      delay,
                      clockOffset,
                      timeZone,
                      vehicle.fromSnapshot,
                    )
                  : undefined
              }
            >
              {formatAge(now + clockOffset - r.deviceTime)} ago
              {isLate(delay) &&
                !vehicle?.fromSnapshot &&
                ` · delay ${formatDelayMs(delay)}`}
            </span>
          </span>
        </span>
        <span className="vehicle-speed">{formatSpeed(r.speed, units)}</span>
      </button>
    </li>
  );
});

function lateText(minutes: number): string {
  if (minutes === 0) return 'On time';
  return minutes > 0 ? `${minutes} min late` : `${-minutes} min early`;
}
