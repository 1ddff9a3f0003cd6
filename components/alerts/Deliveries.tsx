'use client';

import { useCallback, useEffect, useState } from 'react';
import { isAbort } from '@/lib/api/client';
import { fetchDeliveries } from '@/lib/api/notify';
import { humanize, vehicleLabel } from '@/lib/fleet/format';
import type { Delivery, NotifyTarget } from '@/lib/protocol';
import { useFleet } from '../fleet-store-context';
import { FleetTime } from './AlertTimes';

/** What was sent where, newest first; `version` bumps reload it. */
export function Deliveries({
  apiKey,
  targets,
  version,
}: {
  apiKey: string;
  targets: readonly NotifyTarget[];
  version: number;
}) {
  const fleetId = useFleet((s) => s.fleetId);
  const alerts = useFleet((s) => s.alerts);
  const labels = useFleet((s) => s.labels);
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) =>
      fetchDeliveries(apiKey, fleetId, signal).then(
        (a) => {
          setDeliveries(a.deliveries);
          setError(null);
        },
        (e: unknown) => {
          if (!isAbort(e)) setError(`The delivery log could not be read: ${String(e)}`);
        },
      ),
    [apiKey, fleetId],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    void load(ctrl.signal);
    return () => ctrl.abort();
  }, [load, version]);

  const addressOf = (id: string) =>
    targets.find((t) => t.target_id === id)?.address ?? 'a deleted target';
  const alertOf = (id: string | undefined) => {
    if (id === undefined) return 'Test';
    const a = alerts.find((x) => x.id === id);
    if (!a) return `Alert ${id.slice(0, 8)}`;
    return `${humanize(a.category)}, ${labels[a.vehicleId] ?? vehicleLabel(a.vehicleId)}`;
  };

  return (
    <section className="card-section" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">
        Delivery log
        <span className="spacer" />
        <button type="button" className="button subtle" onClick={() => void load()}>
          Refresh
        </button>
      </h2>
      {error && <p className="form-error">{error}</p>}
      {deliveries === null && !error && <p className="muted">Loading the log…</p>}
      {deliveries && deliveries.length === 0 && (
        <p className="empty">Nothing sent yet.</p>
      )}
      {deliveries && deliveries.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">To</th>
                <th scope="col">Event</th>
                <th scope="col">Alert</th>
                <th scope="col">Status</th>
                <th scope="col">Last answer</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.delivery_id}>
                  <td className="nowrap">
                    <FleetTime at={Date.parse(d.created_at)} />
                  </td>
                  <td className="address">{addressOf(d.target_id)}</td>
                  <td>{d.event.replace('alert.', '')}</td>
                  <td>{alertOf(d.alert_id)}</td>
                  <td>
                    <span className="status-pill" data-status={d.status}>
                      {humanize(d.status)}
                    </span>
                    {d.attempts > 1 && (
                      <span className="muted"> · {d.attempts} tries</span>
                    )}
                  </td>
                  <td className="muted">
                    {d.last_status !== undefined && `${d.last_status} `}
                    {d.last_error ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
