'use client';

import type { ReactNode } from 'react';
import { AlertActionsProvider } from './alerts/AlertActionsProvider';
import { AlertAnnouncer } from './alerts/AlertAnnouncer';
import { useAlertFeed } from './alerts/use-alert-feed';
import { FleetStoreProvider, useFleet } from './fleet-store-context';
import { KeyForm } from './KeyForm';
import { StaleNotice } from './StaleNotice';
import { useApiKey } from './use-api-key';
import { useFleetStream } from './use-fleet-stream';
import { useIdentity } from './use-identity';

export interface FleetPageProps {
  apiKey: string;
  /** Drops the page's key, to ask for another. */
  forgetKey: () => void;
}

/**
 * What every page of one fleet stands on: its store, the key (asked for
 * when there is none), the live stream, who the key is, the stored alerts,
 * the alert action dialog and the screen-reader announcements.
 */
export function FleetShell({
  fleetId,
  children,
}: {
  fleetId: string;
  children: (page: FleetPageProps) => ReactNode;
}) {
  return (
    <FleetStoreProvider fleetId={fleetId}>
      <Connected fleetId={fleetId}>{children}</Connected>
    </FleetStoreProvider>
  );
}

function Connected({
  fleetId,
  children,
}: {
  fleetId: string;
  children: (page: FleetPageProps) => ReactNode;
}) {
  const [apiKey, setApiKey] = useApiKey(fleetId);
  useFleetStream(apiKey);
  useIdentity(apiKey);
  useAlertFeed(apiKey);

  if (apiKey === undefined) return null;
  if (apiKey === null) return <KeyForm onKey={setApiKey} />;
  return (
    <AlertActionsProvider apiKey={apiKey}>
      {children({ apiKey, forgetKey: () => setApiKey(null) })}
      <AlertAnnouncer />
    </AlertActionsProvider>
  );
}

/** Says why the page is not live, with a way out when the key is refused. */
export function ConnectionBanner({ onForget }: { onForget: () => void }) {
  const status = useFleet((s) => s.connection);
  const detail = useFleet((s) => s.connectionDetail);
  const stale = useFleet((s) => s.staleSince !== null);
  if (status === 'live' || (status === 'connecting' && !stale)) return null;
  return (
    <div className="map-banner" role="alert">
      {detail}
      <StaleNotice />
      {status === 'unauthorized' && (
        <>
          {' '}
          <button type="button" onClick={onForget}>
            Use another key
          </button>
        </>
      )}
    </div>
  );
}
