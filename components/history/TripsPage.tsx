'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCallback, useState } from 'react';
import { fetchTrips, tripReplayHref } from '@/lib/api/history';
import { formatStamp } from '@/lib/fleet/format';
import type { TripSummary } from '@/lib/protocol/history';
import { useFleet } from '../fleet-store-context';
import { FleetHeader } from '../FleetHeader';
import { ConnectionBanner, FleetShell } from '../FleetShell';
import { useNow } from '../use-now';
import { HistoryTabs } from './HistoryTabs';
import { useFetched } from './use-fetched';
import '../alerts/alerts.css';
import './history.css';

const PAGE = 25;

/** `/fleet/[fleetId]/trips[?vehicle=id]`: stored trips, latest first. */
export function TripsPage({ fleetId }: { fleetId: string }) {
  return (
    <FleetShell fleetId={fleetId}>
      {({ apiKey, forgetKey }) => (
        <TripsScreen fleetId={fleetId} apiKey={apiKey} onForget={forgetKey} />
      )}
    </FleetShell>
  );
}

function TripsScreen({
  fleetId,
  apiKey,
  onForget,
}: {
  fleetId: string;
  apiKey: string;
  onForget: () => void;
}) {
  const vehicleId = useSearchParams().get('vehicle') ?? undefined;
  const [offset, setOffset] = useState(0);
  const read = useCallback(
    (signal: AbortSignal) =>
      fetchTrips(
        apiKey,
        fleetId,
        { ...(vehicleId && { vehicleId }), offset, limit: PAGE },
        signal,
      ),
    [apiKey, fleetId, vehicleId, offset],
  );
  const page = useFetched(read, { keep: true });
  const label = useFleet((s) => (vehicleId ? s.labels[vehicleId] : undefined));
  const base = `/fleet/${encodeURIComponent(fleetId)}`;

  return (
    <div className="page">
      <FleetHeader fleetId={fleetId} view="history" />
      <main className="page-main" aria-labelledby="page-title">
        <div className="page-banner">
          <ConnectionBanner onForget={onForget} />
        </div>
        <div className="page-head">
          <h2 id="page-title">Trips{vehicleId && ` of ${label ?? vehicleId}`}</h2>
          <HistoryTabs fleetId={fleetId} current="trips" />
          {vehicleId && <Link href={`${base}/trips`}>Every vehicle</Link>}
        </div>
        {page.status === 'loading' && <p className="muted">Loading the trips…</p>}
        {page.status === 'error' && <p role="alert">{page.message}</p>}
        {page.status === 'ready' && page.data.trips.length === 0 && (
          <p className="empty">No trips are stored yet.</p>
        )}
        {page.status === 'ready' && page.data.trips.length > 0 && (
          <>
            <TripTable fleetId={fleetId} trips={page.data.trips} />
            <div className="pager">
              <button
                type="button"
                className="button"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                Newer
              </button>
              <button
                type="button"
                className="button"
                disabled={page.data.next_offset === undefined}
                onClick={() => setOffset(page.data.next_offset ?? offset)}
              >
                Older
              </button>
            </div>
          </>
        )}
      </main>
    </div>
  );
}

function TripTable({ fleetId, trips }: { fleetId: string; trips: TripSummary[] }) {
  const timeZone = useFleet((s) => s.fleet?.timezone);
  const labels = useFleet((s) => s.labels);
  const now = useNow(60_000);
  return (
    <table className="trips">
      <thead>
        <tr>
          <th scope="col">Trip</th>
          <th scope="col">Vehicle</th>
          <th scope="col">Started</th>
          <th scope="col">Ended</th>
          <th scope="col" className="num">
            Distance
          </th>
          <th scope="col" className="num">
            Fixes
          </th>
        </tr>
      </thead>
      <tbody>
        {trips.map((trip) => (
          <tr key={`${trip.trip_id}/${trip.vehicle_id}`}>
            <td>
              <Link href={tripReplayHref(fleetId, trip.trip_id)}>{trip.trip_id}</Link>
            </td>
            <td>{labels[trip.vehicle_id] ?? trip.vehicle_id}</td>
            <td>{formatStamp(Date.parse(trip.start), timeZone, now)}</td>
            <td>{formatStamp(Date.parse(trip.end), timeZone, now)}</td>
            <td className="num">{(trip.distance_m / 1000).toFixed(1)} km</td>
            <td className="num">{trip.points}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
