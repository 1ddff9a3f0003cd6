'use client';

import { useCallback, useState } from 'react';
import { createIngestKey, fetchIngestKeys, revokeIngestKey } from '@/lib/api/sources';
import type { IngestKey } from '@/lib/protocol';
import { FleetTime } from '../alerts/AlertTimes';
import { useFleet } from '../fleet-store-context';
import { LabelForm } from '../LabelForm';
import { ShownOnce } from '../ShownOnce';
import { useAdminList } from '../use-admin-list';

/** Keys that may send positions into this fleet over HTTP, and nothing else. */
export function IngestKeys({ apiKey }: { apiKey: string }) {
  const fleetId = useFleet((s) => s.fleetId);
  const [said, setSaid] = useState('');
  const [minted, setMinted] = useState<Required<IngestKey> | null>(null);

  const read = useCallback(
    (signal?: AbortSignal) =>
      fetchIngestKeys(apiKey, fleetId, signal).then((a) => a.ingest_keys),
    [apiKey, fleetId],
  );
  const { items: keys, error, load } = useAdminList(read, 'ingest keys');

  const revoke = async (k: IngestKey) => {
    setSaid('');
    try {
      await revokeIngestKey(apiKey, k.key_id);
      if (minted?.key_id === k.key_id) setMinted(null);
      setSaid(`${k.label} revoked; its batches are refused from now on.`);
      await load();
    } catch (e) {
      setSaid(`${k.label} could not be revoked: ${String(e)}`);
    }
  };

  return (
    <section className="card-section" aria-labelledby="keys-title">
      <h2 id="keys-title">Ingest keys</h2>
      <p className="muted">
        An ingest key may post batches to <code>/v1/ingest/positions</code> for this fleet
        and read nothing.
      </p>
      {error && <p className="form-error">{error}</p>}
      <p className="muted" role="status">
        {said}
      </p>
      {minted && <MintedKey minted={minted} onDone={() => setMinted(null)} />}
      {keys === null && !error && <p className="muted">Loading keys…</p>}
      {keys && keys.length === 0 && <p className="empty">No ingest keys yet.</p>}
      {keys && keys.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-labelledby="keys-title">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Key id</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Change</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.key_id}>
                  <th scope="row">{k.label}</th>
                  <td className="address">
                    <code>{k.key_id}</code>
                  </td>
                  <td className="nowrap">
                    <FleetTime at={Date.parse(k.created_at)} />
                  </td>
                  <td className="row-buttons">
                    <button
                      type="button"
                      className="button danger"
                      aria-label={`Revoke ${k.label}`}
                      onClick={() => void revoke(k)}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LabelForm
        title="Create an ingest key"
        field="Label"
        placeholder="Depot gateway"
        submit="Create key"
        create={async (label) => {
          const { ingest_key: k } = await createIngestKey(apiKey, fleetId, label);
          setMinted(k);
          setSaid(`${k.label} created.`);
          await load();
        }}
      />
    </section>
  );
}

/** The new key, shown this once, with a button to copy it. */
function MintedKey({
  minted,
  onDone,
}: {
  minted: Required<IngestKey>;
  onDone: () => void;
}) {
  return (
    <ShownOnce
      value={minted.key}
      noun="key"
      testId="ingest-key"
      doneLabel="I have kept it"
      onDone={onDone}
    >
      <strong>Ingest key {minted.label}.</strong> It is shown this once; keep it where the
      sender can read it.
    </ShownOnce>
  );
}
