'use client';

import Link from 'next/link';
import { tripReplayHref } from '@/lib/api/history';
import { formatClock, humanize, vehicleLabel } from '@/lib/fleet/format';
import { fixDelay, formatDelayMs, isLate } from '@/lib/fleet/freshness';
import { explainDelay } from '@/lib/fleet/freshness-text';
import { isOpen, isUrgent } from '@/lib/alerts/alert';
import { STATUS_LABEL, vehicleStatus } from '@/lib/fleet/status';
import { formatDistance, formatSpeed } from '@/lib/geo/units';
import { useFleet } from '../fleet-store-context';
import { Hint } from '../Hint';
import { useNow } from '../use-now';
import { useUnits } from '../use-units';
import { RouteProgress } from './RouteProgress';
import { VehicleAlerts } from './VehicleAlerts';
import { VehicleReadings } from './VehicleReadings';

/**
 * The selected vehicle: status, how fresh its position is, trip and
 * route progress, its readings with their recent course, its alerts.
 */
export function VehiclePanel() {
  const id = useFleet((s) => s.selectedId);
  const vehicle = useFleet((s) => (s.selectedId ? s.vehicles[s.selectedId] : undefined));
  const detail = useFleet((s) => (s.selectedId ? s.details[s.selectedId] : undefined));
  const label = useFleet((s) => (s.selectedId ? s.labels[s.selectedId] : undefined));
  const fleetId = useFleet((s) => s.fleetId);
  const timeZone = useFleet((s) => s.fleet?.timezone);
  const clockOffset = useFleet((s) => s.clockOffset);
  const select = useFleet((s) => s.select);
  const alerting = useFleet((s) =>
    s.alerts.some((a) => a.vehicleId === id && isOpen(a) && isUrgent(a)),
  );
  const [units] = useUnits();
  const now = useNow(1000);
  if (!id || !vehicle) return null;

  const status = vehicleStatus(vehicle, now, undefined, alerting);
  const delay = fixDelay(vehicle, clockOffset);
  const tripId = vehicle.tripId ?? detail?.progress?.trip_id;
  const odometer = vehicle.telemetry?.odometer;
  return (
    <section
      className="panel vehicle-panel"
      aria-labelledby="vehicle-title"
      data-testid="vehicle-panel"
    >
      <h2 id="vehicle-title">
        {label ?? vehicleLabel(id)}
        <button
          type="button"
          className="close"
          aria-label="Close vehicle details"
          onClick={() => select(null)}
        >
          ×
        </button>
      </h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          {STATUS_LABEL[status]} ·{' '}
          <span data-testid="vehicle-speed">{formatSpeed(vehicle.speed, units)}</span>
        </dd>
        <dt>Last fix</dt>
        <dd>
          {formatClock(vehicle.deviceTime, timeZone)} ·{' '}
          <Hint
            tip={explainDelay(
              vehicle.deviceTime,
              delay,
              clockOffset,
              timeZone,
              vehicle.fromSnapshot,
            )}
            className={isLate(delay) || vehicle.fromSnapshot ? 'late' : undefined}
            testId="vehicle-delay"
          >
            {vehicle.fromSnapshot ? 'no live fix yet' : `delay ${formatDelayMs(delay)}`}
          </Hint>
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
        {tripId && (
          <>
            <dt>Trip</dt>
            <dd>
              {tripId} ·{' '}
              <Link href={tripReplayHref(fleetId, tripId)}>Replay this trip</Link>
            </dd>
          </>
        )}
        {odometer !== undefined && (
          <>
            <dt>Odometer</dt>
            <dd>{formatDistance(odometer, units)}</dd>
          </>
        )}
        {vehicle.telemetry?.fuel_level !== undefined && (
          <>
            <dt>Fuel</dt>
            <dd>{Math.round(vehicle.telemetry.fuel_level)}%</dd>
          </>
        )}
        <VehicleReadings id={id} units={units} />
      </dl>
      {detail?.progress && (
        <RouteProgress progress={detail.progress} units={units} timeZone={timeZone} />
      )}
      <VehicleAlerts id={id} timeZone={timeZone} />
    </section>
  );
}
