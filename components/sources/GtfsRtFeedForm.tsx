'use client';

import { useState, type FormEvent } from 'react';
import { deleteGtfsRt, putGtfsRt } from '@/lib/api/sources';
import { humanize } from '@/lib/fleet/format';
import type { GtfsRtFeed } from '@/lib/protocol';
import { FleetTime } from '../alerts/AlertTimes';
import { useFleet } from '../fleet-store-context';
import { useSubmit } from '../use-submit';

/** The fleet's one GTFS-realtime VehiclePositions feed, polled by the server. */
export function GtfsRtFeedForm({
  apiKey,
  feed,
  onChange,
}: {
  apiKey: string;
  feed: GtfsRtFeed | null;
  onChange: () => void;
}) {
  const fleetId = useFleet((s) => s.fleetId);
  const [url, setUrl] = useState('');
  const [intervalS, setIntervalS] = useState(30);
  const [said, setSaid] = useState('');
  const { busy, error, run } = useSubmit();

  const act = async (what: () => Promise<unknown>, done: string) => {
    setSaid('');
    await run(async () => {
      await what();
      setSaid(done);
      onChange();
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { url: url.trim(), interval_s: intervalS };
    void act(() => putGtfsRt(apiKey, fleetId, body), 'The feed is set and polled now.');
  };

  return (
    <section className="card-section" aria-labelledby="gtfs-title">
      <h2 id="gtfs-title">GTFS-realtime feed</h2>
      <p className="muted" role="status">
        {said}
      </p>
      {feed ? (
        <div className="feed">
          <p className="address">
            Polling <code>{feed.url}</code> every {feed.interval_s} s.
          </p>
          <LastPoll feed={feed} />
          <button
            type="button"
            className="button danger"
            disabled={busy}
            onClick={() =>
              void act(() => deleteGtfsRt(apiKey, fleetId), 'The feed is removed.')
            }
          >
            Remove feed
          </button>
        </div>
      ) : (
        <p className="empty">No feed: this fleet polls nothing.</p>
      )}
      <form
        className="form inline-form"
        aria-labelledby="gtfs-form-title"
        onSubmit={submit}
      >
        <h3 id="gtfs-form-title">{feed ? 'Replace the feed' : 'Set a feed'}</h3>
        <label className="field grow">
          <span>Feed URL</span>
          <input
            type="url"
            required
            value={url}
            placeholder="https://transit.example.com/gtfs-rt/vehicle-positions"
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Interval (s)</span>
          <input
            type="number"
            required
            min={5}
            max={3600}
            value={intervalS}
            onChange={(e) => setIntervalS(Number(e.target.value))}
          />
        </label>
        <button type="submit" className="button primary" disabled={busy}>
          Save feed
        </button>
        {error && (
          <p className="form-error wide" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

function LastPoll({ feed }: { feed: GtfsRtFeed }) {
  const poll = feed.last_poll;
  if (!poll) return <p className="muted">Not polled yet.</p>;
  const ok = poll.result === 'ok' || poll.result === 'not_modified';
  return (
    <p className={ok ? 'muted' : 'form-error'}>
      Last poll <FleetTime at={Date.parse(poll.at)} />: {humanize(poll.result)}
      {poll.vehicles !== undefined && `, ${poll.vehicles} vehicles`}
      {poll.message && ` (${poll.message})`}
    </p>
  );
}
