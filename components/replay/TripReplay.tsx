'use client';

import Link from 'next/link';
import { useCallback, useMemo, useState } from 'react';
import { fetchTripAlerts, fetchTripTrack, type TripTrack } from '@/lib/api/history';
import { formatSpeed } from '@/lib/fleet/format';
import type { AlertRecord } from '@/lib/protocol';
import { findStops } from '@/lib/replay/stops';
import { cursorAt } from '@/lib/replay/track';
import { formatSeconds } from '@/lib/replay/zoned-time';
import { useFleet } from '../fleet-store-context';
import { FleetHeader } from '../FleetHeader';
import { ConnectionBanner, FleetShell } from '../FleetShell';
import { useFetched } from '../history/use-fetched';
import { FleetMap } from '../map/FleetMap';
import { ReplayControls } from './ReplayControls';
import { ReplayCursor } from './ReplayCursor';
import { SpeedChart } from './SpeedChart';
import { Timeline } from './Timeline';
import { TrackLayer } from './TrackLayer';
import { useReplay, useReplayKeys } from './use-replay';
import './replay.css';

interface TripData {
  track: TripTrack;
  alerts: AlertRecord[];
}

/** `/fleet/[fleetId]/trips/[tripId]`: one trip played back on the map. */
export function TripReplayPage({ fleetId, tripId }: { fleetId: string; tripId: string }) {
  return (
    <FleetShell fleetId={fleetId}>
      {({ apiKey, forgetKey }) => (
        <TripLoader
          fleetId={fleetId}
          tripId={tripId}
          apiKey={apiKey}
          onForget={forgetKey}
        />
      )}
    </FleetShell>
  );
}

function TripLoader({
  fleetId,
  tripId,
  apiKey,
  onForget,
}: {
  fleetId: string;
  tripId: string;
  apiKey: string;
  onForget: () => void;
}) {
  const read = useCallback(
    async (signal: AbortSignal): Promise<TripData> => {
      const [track, alerts] = await Promise.all([
        fetchTripTrack(apiKey, tripId, signal),
        fetchTripAlerts(apiKey, fleetId, tripId, signal),
      ]);
      return { track, alerts };
    },
    [apiKey, fleetId, tripId],
  );
  const trip = useFetched(read);

  return (
    <div className="replay-page">
      <FleetHeader fleetId={fleetId} view="history" />
      <ConnectionBanner onForget={onForget} />
      {trip.status === 'loading' && <p className="replay-note">Loading the trip…</p>}
      {trip.status === 'error' && (
        <p className="replay-note" role="alert">
          {trip.message}.{' '}
          <Link href={`/fleet/${encodeURIComponent(fleetId)}/trips`}>All trips</Link>
        </p>
      )}
      {trip.status === 'ready' && <Player fleetId={fleetId} {...trip.data} />}
    </div>
  );
}

function Player({ fleetId, track, alerts }: { fleetId: string } & TripData) {
  const timeZone = useFleet((s) => s.fleet?.timezone);
  const vehicleId = track.vehicleIds[0] ?? '';
  const label = useFleet((s) => s.labels[vehicleId]) ?? vehicleId;
  const points = track.points;
  const stops = useMemo(() => findStops(points), [points]);
  const replay = useReplay(points);
  const [follow, setFollow] = useState(false);
  useReplayKeys(replay);

  const cursor = cursorAt(points, replay.t, replay.gap);
  const clock = (t: number) => formatSeconds(t, timeZone);

  return (
    <>
      <main className="replay-map" aria-label="Trip map">
        <FleetMap>
          <TrackLayer
            points={points}
            gapMs={replay.gap}
            stops={stops}
            index={cursor?.index ?? 0}
          />
          {cursor && <ReplayCursor cursor={cursor} label={label} follow={follow} />}
        </FleetMap>
      </main>
      <section className="replay-dock" aria-label="Replay">
        <div className="replay-bar">
          <ReplayControls replay={replay} follow={follow} onFollow={setFollow} />
          <output className="replay-clock" aria-label="Replay clock" aria-live="off">
            {clock(replay.t)}
          </output>
          <span className="replay-speed-now">{formatSpeed(cursor?.speed)}</span>
        </div>
        <Timeline
          start={replay.start}
          end={replay.end}
          t={replay.t}
          stops={stops}
          alerts={alerts}
          timeZone={timeZone}
          onSeek={replay.seek}
        />
        <SpeedChart
          points={points}
          gapMs={replay.gap}
          t={replay.t}
          timeZone={timeZone}
          onSeek={replay.seek}
        />
      </section>
      <aside className="replay-side" aria-label="Trip details">
        <h2>Trip {track.tripId}</h2>
        <dl className="facts">
          <dt>Vehicle</dt>
          <dd>
            {track.vehicleIds.map((id) => (id === vehicleId ? label : id)).join(', ')}
          </dd>
          <dt>From</dt>
          <dd>{clock(replay.start)}</dd>
          <dt>To</dt>
          <dd>{clock(replay.end)}</dd>
          <dt>Fixes</dt>
          <dd>
            {points.length}
            {track.truncated && ' (the first ones only)'}
          </dd>
        </dl>
        <h3>Stops</h3>
        {stops.length === 0 && (
          <p className="muted small">The vehicle never stood still.</p>
        )}
        <ul className="replay-events">
          {stops.map((s) => (
            <li key={s.start}>
              <button type="button" className="link" onClick={() => replay.seek(s.start)}>
                {clock(s.start)}
              </button>{' '}
              stood {Math.round((s.end - s.start) / 60_000)} min
            </li>
          ))}
        </ul>
        <h3>Alerts</h3>
        {alerts.length === 0 && <p className="muted small">No alerts on this trip.</p>}
        <ul className="replay-events">
          {alerts.map((a) => (
            <li key={a.alert_id}>
              <button
                type="button"
                className="link"
                onClick={() => replay.seek(Date.parse(a.raised_at))}
              >
                {clock(Date.parse(a.raised_at))}
              </button>{' '}
              <span className="badge" data-severity={a.severity}>
                {a.severity}
              </span>{' '}
              {a.category.replace(/_/g, ' ')}
            </li>
          ))}
        </ul>
        <p className="small">
          <Link href={`/fleet/${encodeURIComponent(fleetId)}/trips?vehicle=${vehicleId}`}>
            Other trips of {label}
          </Link>
        </p>
        <p className="muted small">
          Space plays and pauses; the arrows step between fixes.
        </p>
      </aside>
    </>
  );
}
