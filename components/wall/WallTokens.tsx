'use client';

import { useCallback, useState } from 'react';
import { createWallToken, fetchWallTokens, revokeWallToken } from '@/lib/api/wall-tokens';
import type { WallToken } from '@/lib/protocol/wall-tokens';
import { FleetTime } from '../alerts/AlertTimes';
import { useFleet } from '../fleet-store-context';
import { LabelForm } from '../LabelForm';
import { ShownOnce } from '../ShownOnce';
import { useAdminList } from '../use-admin-list';

/**
 * The fleet's wall tokens: one per screen, read-only, revoked on its own
 * when a screen is lost. A new one's link is shown once, to open on the
 * screen (the token rides in the fragment, which no server sees).
 */
export function WallTokens({ apiKey }: { apiKey: string }) {
  const fleetId = useFleet((s) => s.fleetId);
  const [said, setSaid] = useState('');
  const [minted, setMinted] = useState<Required<WallToken> | null>(null);

  const read = useCallback(
    (signal?: AbortSignal) =>
      fetchWallTokens(apiKey, fleetId, signal).then((a) => a.wall_tokens),
    [apiKey, fleetId],
  );
  const { items: tokens, error, load } = useAdminList(read, 'wall tokens');

  const revoke = async (t: WallToken) => {
    setSaid('');
    try {
      await revokeWallToken(apiKey, t.token_id);
      if (minted?.token_id === t.token_id) setMinted(null);
      setSaid(`${t.label} revoked; its screen is disconnected.`);
      await load();
    } catch (e) {
      setSaid(`${t.label} could not be revoked: ${String(e)}`);
    }
  };

  return (
    <section className="card-section" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Wall tokens</h2>
      <p className="muted">
        A wall token opens this fleet&apos;s wall display and reads what a dispatcher
        reads; it can change nothing.
      </p>
      {error && <p className="form-error">{error}</p>}
      <p className="muted" role="status">
        {said}
      </p>
      {minted && <MintedLink minted={minted} onDone={() => setMinted(null)} />}
      {tokens === null && !error && <p className="muted">Loading tokens…</p>}
      {tokens && tokens.length === 0 && <p className="empty">No wall tokens yet.</p>}
      {tokens && tokens.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-labelledby="tokens-title">
            <thead>
              <tr>
                <th scope="col">Screen</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Change</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.token_id}>
                  <th scope="row">{t.label}</th>
                  <td className="nowrap">
                    <FleetTime at={Date.parse(t.created_at)} />
                  </td>
                  <td className="row-buttons">
                    <button
                      type="button"
                      className="button danger"
                      aria-label={`Revoke ${t.label}`}
                      onClick={() => void revoke(t)}
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
        title="Add a wall screen"
        field="Screen"
        placeholder="Dispatch room, left"
        submit="Create wall link"
        create={async (label) => {
          const { wall_token: t } = await createWallToken(apiKey, fleetId, label);
          setMinted(t);
          setSaid(`${t.label} created.`);
          await load();
        }}
      />
    </section>
  );
}

/** The new screen's link, shown this once, with a button to copy it. */
function MintedLink({
  minted,
  onDone,
}: {
  minted: Required<WallToken>;
  onDone: () => void;
}) {
  const url = new URL(minted.wall_url, window.location.origin).toString();
  return (
    <ShownOnce
      value={url}
      noun="link"
      testId="wall-link"
      doneLabel="Done"
      onDone={onDone}
    >
      <strong>Wall link for {minted.label}.</strong> Open it on that screen; it is shown
      this once.
    </ShownOnce>
  );
}
