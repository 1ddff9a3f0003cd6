'use client';

import { FleetHeader } from '../FleetHeader';
import { ConnectionBanner, FleetShell } from '../FleetShell';
import { useIsAdmin, useRole } from '../use-identity';
import { WallTokens } from './WallTokens';
import '../alerts/alerts.css';

/** `/fleet/[fleetId]/wall/screens` (admins): the screens that show the wall. */
export function WallScreensPage({ fleetId }: { fleetId: string }) {
  return (
    <FleetShell fleetId={fleetId}>
      {({ apiKey, forgetKey }) => (
        <div className="page">
          <FleetHeader fleetId={fleetId} view="wall-screens" />
          <main className="page-main" aria-labelledby="page-title">
            <div className="page-banner">
              <ConnectionBanner onForget={forgetKey} />
            </div>
            <div className="page-head">
              <h2 id="page-title">Wall screens</h2>
            </div>
            <AdminOnly apiKey={apiKey} />
          </main>
        </div>
      )}
    </FleetShell>
  );
}

function AdminOnly({ apiKey }: { apiKey: string }) {
  const role = useRole();
  const admin = useIsAdmin();
  if (role === null) return <p className="muted">Checking the key…</p>;
  if (!admin) {
    return (
      <p className="empty">Only an admin of this fleet sees and makes wall tokens.</p>
    );
  }
  return <WallTokens apiKey={apiKey} />;
}
