'use client';

import { formatClock, formatSpeed, humanize, vehicleLabel } from '@/lib/fleet/format';
import { STATUS_LABEL, vehicleStatus } from '@/lib/fleet/status';
import { useFleet } from '../fleet-store-context';
import { useNow } from '../use-now';

/** The selected vehicle: status, trip, route progress, engine values. */
export function VehiclePanel() {
  const id = useFleet((s) => s.selectedId);
  const vehicle = useFleet((s) => (s.selectedId ? s.vehicles[s.selectedId] : undefined));
  const detail = useFleet((s) => (s.selectedId ? s.details[s.selectedId] : undefined));
  const label = useFleet((s) => (s.selectedId ? s.labels[s.selectedId] : undefined));
  const timeZone = useFleet((s) => s.fleet?.timezone);
  const select = useFleet((s) => s.select);
  const now = useNow(1000);
  if (!id || !vehicle) return null;

  const progress = detail?.progress;
  const t = detail?.telemetry;
  const status = vehicleStatus(vehicle, now);
  return (
    <section className="panel vehicle-panel" aria-labelledby="vehicle-title">
      <h2 id="vehicle-title">
        {label ?? vehicleLabel(id)}
        <button
          type="button"
          className="close"
          aria-label="Close"
          onClick={() => select(null)}
        >
          ×
        </button>
      </h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          {STATUS_LABEL[status]} · {formatSpeed(vehicle.speed)}
        </dd>
        {detail?.driverStatus && (
          <>
            <dt>Driver</dt>
            <dd>{humanize(detail.driverStatus)}</dd>
          </>
        )}
        {vehicle.routeId && (
          <>
            <dt>Route</dt>
            <dd>{vehicle.routeId}</dd>
          </>
        )}
        {vehicle.tripId && (
          <>
            <dt>Trip</dt>
            <dd>{vehicle.tripId}</dd>
          </>
        )}
        <dt>Last fix</dt>
        <dd>{formatClock(vehicle.deviceTime, timeZone)}</dd>
        {t?.engine_rpm !== undefined && (
          <>
            <dt>Engine</dt>
            <dd>
              {t.engine_rpm} rpm
              {t.engine_load !== undefined && ` · ${t.engine_load}% load`}
            </dd>
          </>
        )}
        {vehicle.telemetry?.odometer !== undefined && (
          <>
            <dt>Odometer</dt>
            <dd>{vehicle.telemetry.odometer.toFixed(1)} km</dd>
          </>
        )}
      </dl>
      {progress && (
        <div className="progress-block">
          <div
            className="progress"
            role="progressbar"
            aria-label="Route progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(progress.completion_percentage)}
          >
            <span style={{ width: `${progress.completion_percentage}%` }} />
          </div>
          <p className="muted">
            {progress.completed_stops} of{' '}
            {progress.completed_stops + progress.remaining_stops} stops ·{' '}
            {progress.distance_remaining.toFixed(1)} km to go
          </p>
          {progress.next_stop_name && (
            <p>
              Next: <strong>{progress.next_stop_name}</strong>
              {progress.next_stop_eta &&
                ` at ${formatClock(Date.parse(progress.next_stop_eta), timeZone)}`}
            </p>
          )}
          {progress.eta && (
            <p className="muted">
              Trip ends {formatClock(Date.parse(progress.eta), timeZone)}
            </p>
          )}
          {progress.delay_minutes !== undefined && (
            <p className="muted">
              {progress.delay_minutes > 0
                ? `${progress.delay_minutes} min late`
                : progress.delay_minutes < 0
                  ? `${-progress.delay_minutes} min early`
                  : 'On schedule'}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
