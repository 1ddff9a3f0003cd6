'use client';

import { formatClock, humanize } from '@/lib/fleet/format';
import type { SourceHealth, SourceKind } from '@/lib/protocol';
import { useFleet } from '../fleet-store-context';
import type { SourcesHealth } from './use-sources-health';

export const SOURCE_NAMES: Record<SourceKind, string> = {
  replay: 'Demo replay',
  http: 'HTTP ingest',
  osmand: 'OsmAnd',
  'gtfs-rt': 'GTFS-realtime',
  import: 'File import',
};

/** Each source's counts since the server started, asked again every few seconds. */
export function SourceHealthTable({ health }: { health: SourcesHealth }) {
  const { sources, error } = health;
  return (
    <section className="card-section" aria-labelledby="health-title">
      <h2 id="health-title">Health</h2>
      <p className="muted">
        Fixes each source delivered since the server started, and what became of them.
      </p>
      {error && <p className="form-error">{error}</p>}
      {sources === null && !error && <p className="muted">Loading the health…</p>}
      {sources && (
        <div className="table-wrap">
          <table className="table numbers" aria-labelledby="health-title">
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Accepted</th>
                <th scope="col">Duplicates</th>
                <th scope="col">Rejected</th>
                <th scope="col">Errors</th>
                <th scope="col">Last message</th>
                <th scope="col">Per minute</th>
              </tr>
            </thead>
            <tbody>
              {sources.sources.map((h) => (
                <HealthRow key={h.source} health={h} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function HealthRow({ health: h }: { health: SourceHealth }) {
  const zone = useFleet((s) => s.fleet?.timezone);
  const reasons = Object.entries(h.rejected_by_reason);
  const kinds = Object.entries(h.errors_by_kind);
  return (
    <tr data-source={h.source}>
      <th scope="row">{SOURCE_NAMES[h.source]}</th>
      <td>{h.accepted}</td>
      <td>{h.duplicates}</td>
      <td>
        {h.rejected}
        {reasons.length > 0 && (
          <ul className="reasons">
            {reasons.map(([code, n]) => (
              <li key={code}>
                {humanize(code)}: {n}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {h.errors}
        {kinds.length > 0 && (
          <ul className="reasons">
            {kinds.map(([kind, n]) => (
              <li key={kind}>
                {humanize(kind)}: {n}
              </li>
            ))}
          </ul>
        )}
        {h.last_error && <span className="block muted">{h.last_error.message}</span>}
      </td>
      <td className="nowrap">
        {h.last_message_at === null ? (
          <span className="muted">Never</span>
        ) : (
          <time dateTime={h.last_message_at}>
            {formatClock(Date.parse(h.last_message_at), zone)}
          </time>
        )}
      </td>
      <td>{h.per_minute}</td>
    </tr>
  );
}
