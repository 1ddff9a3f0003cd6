'use client';

import type { ReactNode } from 'react';
import { AlertActionsProvider } from './alerts/AlertActionsProvider';
import { AlertAnnouncer } from './alerts/AlertAnnouncer';
import { useAlertFeed } from './alerts/use-alert-feed';
import { retryText } from '@/lib/fleet/connection-text';
import type { ConnectionStatus } from '@/lib/store/fleet-store';
import { FleetStoreProvider, useFleet } from './fleet-store-context';
import { KeyForm } from './KeyForm';
import { StaleNotice } from './StaleNotice';
import { useApiKey } from './use-api-key';
import { useClock } from './use-clock';
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

/**
 * Says why the page is not live and what is being done about it: the
 * reconnection attempt and when the next one is due, the browser being
 * offline, or the key refused, with a way out.
 */
export function ConnectionBanner({ onForget }: { onForget: () => void }) {
  const status = useFleet((s) => s.connection);
  const detail = useFleet((s) => s.connectionDetail);
  const retry = useFleet((s) => s.retry);
  const stale = useFleet((s) => s.staleSince !== null);
  const now = useClock();
  if (status === 'live' || (status === 'connecting' && !stale)) return null;
  return (
    <div className="map-banner" role="alert" data-status={status}>
      <strong>{BANNER_TITLE[status]}</strong> {detail}
      {status === 'reconnecting' && retry && (
        <span className="muted" data-testid="retry">
          {' '}
          {retryText(retry, now)}
        </span>
      )}
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

const BANNER_TITLE: Record<ConnectionStatus, string> = {
  connecting: 'Connecting.',
  live: 'Live.',
  reconnecting: 'Not live.',
  offline: 'Offline.',
  unauthorized: 'Key refused.',
};
