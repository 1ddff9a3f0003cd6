'use client';

import { FleetHeader } from '../FleetHeader';
import { ConnectionBanner, FleetShell } from '../FleetShell';
import { Toasts } from '../Toasts';
import { useIsAdmin, useRole } from '../use-identity';
import { Devices } from './Devices';
import { GtfsRtFeedForm } from './GtfsRtFeedForm';
import { ImportForm } from './ImportForm';
import { IngestKeys } from './IngestKeys';
import { SourceHealthTable } from './SourceHealthTable';
import { useSourcesHealth } from './use-sources-health';
import '../alerts/alerts.css';
import './sources.css';

/** `/fleet/[fleetId]/sources` (admins): where the fleet's positions come from. */
export function SourcesPage({ fleetId }: { fleetId: string }) {
  return (
    <FleetShell fleetId={fleetId}>
      {({ apiKey, forgetKey }) => (
        <SourcesScreen fleetId={fleetId} apiKey={apiKey} onForget={forgetKey} />
      )}
    </FleetShell>
  );
}

function SourcesScreen({
  fleetId,
  apiKey,
  onForget,
}: {
  fleetId: string;
  apiKey: string;
  onForget: () => void;
}) {
  const role = useRole();
  const admin = useIsAdmin();

  return (
    <div className="page">
      <FleetHeader fleetId={fleetId} view="sources" />
      <main className="page-main" aria-labelledby="page-title">
        <div className="page-banner">
          <ConnectionBanner onForget={onForget} />
        </div>
        <div className="page-head">
          <h2 id="page-title">Sources</h2>
        </div>
        {role === null && <p className="muted">Checking the key…</p>}
        {role !== null && !admin && (
          <p className="empty">Only an admin of this fleet sees and sets its sources.</p>
        )}
        {admin && <AdminSources apiKey={apiKey} />}
      </main>
      <div className="page-toasts">
        <Toasts />
      </div>
    </div>
  );
}

function AdminSources({ apiKey }: { apiKey: string }) {
  const health = useSourcesHealth(apiKey);
  return (
    <>
      <SourceHealthTable health={health} />
      <Devices apiKey={apiKey} />
      <IngestKeys apiKey={apiKey} />
      <GtfsRtFeedForm
        apiKey={apiKey}
        feed={health.sources?.gtfs_rt ?? null}
        onChange={health.reload}
      />
      <ImportForm apiKey={apiKey} onImported={health.reload} />
    </>
  );
}
