'use client';

import { useCallback, useRef, useState } from 'react';
import type { MapRef } from 'react-map-gl/maplibre';
import { fetchHistorySpan, fetchPositionsAt } from '@/lib/api/history';
import { formatClock, formatStamp } from '@/lib/fleet/format';
import { DEFAULT_LOOKBACK_S, type HistorySpan } from '@/lib/protocol/history';

const LOOKBACK = `${DEFAULT_LOOKBACK_S / 60} minutes`;
import { floorToMinute, MINUTE_MS } from '@/lib/replay/zoned-time';
import { useFleet } from '../fleet-store-context';
import { FleetHeader } from '../FleetHeader';
import { ConnectionBanner, FleetShell } from '../FleetShell';
import { FleetMap } from '../map/FleetMap';
import { HistoryTabs } from './HistoryTabs';
import { MinutePicker } from './MinutePicker';
import { fitPoints } from './fit-points';
import { FIT, SnapshotLayer } from './SnapshotLayer';
import { useFetched } from './use-fetched';
import { useMinutePlayer } from './use-minute-player';
import '../alerts/alerts.css';
import './history.css';

/** `/fleet/[fleetId]/history`: where every vehicle was at a chosen minute. */
export function TimeMachinePage({ fleetId }: { fleetId: string }) {
  return (
    <FleetShell fleetId={fleetId}>
      {({ apiKey, forgetKey }) => (
        <SpanLoader fleetId={fleetId} apiKey={apiKey} onForget={forgetKey} />
      )}
    </FleetShell>
  );
}

function SpanLoader({
  fleetId,
  apiKey,
  onForget,
}: {
  fleetId: string;
  apiKey: string;
  onForget: () => void;
}) {
  const read = useCallback(
    (signal: AbortSignal) => fetchHistorySpan(apiKey, fleetId, signal),
    [apiKey, fleetId],
  );
  const span = useFetched(read);

  return (
    <div className="history-page">
      <FleetHeader fleetId={fleetId} view="history" />
      <div className="history-head">
        <h2 id="page-title">Time machine</h2>
        <HistoryTabs fleetId={fleetId} current="time-machine" />
      </div>
      <ConnectionBanner onForget={onForget} />
      {span.status === 'loading' && <p className="history-note">Reading the history…</p>}
      {span.status === 'error' && (
        <p className="history-note" role="alert">
          {span.message}
        </p>
      )}
      {span.status === 'ready' && (
        <TimeMachine fleetId={fleetId} apiKey={apiKey} span={span.data} />
      )}
    </div>
  );
}

function TimeMachine({
  fleetId,
  apiKey,
  span,
}: {
  fleetId: string;
  apiKey: string;
  span: HistorySpan;
}) {
  const timeZone = useFleet((s) => s.fleet?.timezone) ?? 'UTC';
  const [first, last] = minutesOf(span);
  const [t, setT] = useState<number | null>(last);
  const [playing, setPlaying] = useMinutePlayer(t, last, setT);

  const read = useCallback(
    (signal: AbortSignal) => fetchPositionsAt(apiKey, fleetId, t ?? 0, signal),
    [apiKey, fleetId, t],
  );
  const snapshot = useFetched(read, { keep: true });
  const vehicles = snapshot.status === 'ready' ? snapshot.data.vehicles : [];
  const map = useRef<MapRef | null>(null);
  const onMap = useCallback((ref: MapRef) => {
    map.current = ref;
  }, []);

  if (first === null || last === null || t === null) {
    return (
      <p className="history-note empty">
        No positions are stored for this fleet yet. They are kept from the first fix a
        vehicle reports.
      </p>
    );
  }

  const now = last;
  const range = `${formatStamp(first, timeZone, now)} to ${formatStamp(last, timeZone, now)}`;

  return (
    <>
      <section className="history-controls" aria-label="Minute">
        <MinutePicker
          t={t}
          first={first}
          last={last}
          timeZone={timeZone}
          playing={playing}
          onPick={(next) => {
            setPlaying(false);
            setT(next);
          }}
          onPlay={setPlaying}
        />
        <p className="muted small">
          Stored from {range}. Each vehicle is shown at its latest fix in the {LOOKBACK}{' '}
          up to the chosen minute.
        </p>
      </section>
      <main className="history-map" aria-label="Fleet at the chosen minute">
        <FleetMap onMap={onMap}>
          <SnapshotLayer fleetId={fleetId} vehicles={vehicles} timeZone={timeZone} />
        </FleetMap>
        {snapshot.status === 'ready' && (
          <div className="history-count">
            <p aria-live="polite">
              {vehicles.length === 1 ? '1 vehicle' : `${vehicles.length} vehicles`} at{' '}
              {formatClock(t, timeZone)}
            </p>
            {vehicles.length > 0 && (
              <button
                type="button"
                className="button"
                onClick={() => {
                  const m = map.current?.getMap();
                  if (m) fitPoints(m, vehicles, FIT);
                }}
              >
                Show them all
              </button>
            )}
          </div>
        )}
        {snapshot.status === 'ready' && vehicles.length === 0 && (
          <div className="map-banner history-empty" role="status">
            Nothing was stored at {formatStamp(t, timeZone, now)}: no vehicle reported in
            the {LOOKBACK} before. The history runs from {range}.{' '}
            <button type="button" className="link" onClick={() => setT(last)}>
              Go to the latest minute
            </button>
          </div>
        )}
        {snapshot.status === 'error' && (
          <div className="map-banner" role="alert">
            {snapshot.message}
          </div>
        )}
      </main>
    </>
  );
}

/**
 * The first and last whole minute worth showing: the first at or after
 * the oldest fix (a minute before it would be empty), the last at or
 * before the newest, never before the first.
 */
function minutesOf(span: HistorySpan): [number, number] | [null, null] {
  if (span.first === null || span.last === null) return [null, null];
  const first = floorToMinute(Date.parse(span.first) + MINUTE_MS - 1);
  const last = Math.max(first, floorToMinute(Date.parse(span.last)));
  return [first, last];
}
