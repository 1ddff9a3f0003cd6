'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { KeyForm } from './KeyForm';
import { useApiKey } from './use-api-key';

interface FleetSummary {
  id: string;
  name: string;
  vehicle_count: number;
}

type Load = { fleets: FleetSummary[] } | { error: string } | null;

/** `/`: the fleets the stored key may see. */
export function FleetIndex() {
  const [apiKey, setApiKey] = useApiKey();
  const [load, setLoad] = useState<Load>(null);

  useEffect(() => {
    if (!apiKey) return;
    fetch('/v1/fleets', { headers: { Authorization: `Bearer ${apiKey}` } })
      .then(async (res) => {
        const body = (await res.json()) as {
          fleets?: FleetSummary[];
          error?: { message: string };
        };
        if (!res.ok || !body.fleets)
          throw new Error(body.error?.message ?? `HTTP ${res.status}`);
        setLoad({ fleets: body.fleets });
      })
      .catch((error: unknown) =>
        setLoad({ error: String(error instanceof Error ? error.message : error) }),
      );
  }, [apiKey]);

  if (apiKey === undefined) return null;
  if (apiKey === null) return <KeyForm onKey={setApiKey} />;
  return (
    <section className="centered">
      <h1>Fleetlight</h1>
      {load === null && <p>Loading your fleets…</p>}
      {load && 'error' in load && (
        <p role="alert">
          {load.error}.{' '}
          <button type="button" onClick={() => setApiKey(null)}>
            Use another key
          </button>
        </p>
      )}
      {load && 'fleets' in load && (
        <ul>
          {load.fleets.map((f) => (
            <li key={f.id}>
              <Link href={`/fleet/${encodeURIComponent(f.id)}`}>{f.name}</Link>{' '}
              <span className="muted">{f.vehicle_count} vehicles</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
