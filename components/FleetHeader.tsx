'use client';

import Link from 'next/link';
import { isOpen } from '@/lib/alerts/alert';
import { DesktopAlertsButton } from './alerts/DesktopAlertsButton';
import { ConnectionIndicator } from './ConnectionIndicator';
import { UnitsSwitch } from './UnitsSwitch';
import { useFleet } from './fleet-store-context';
import { useIsAdmin, useRole } from './use-identity';

export type FleetView = 'map' | 'alerts' | 'history' | 'sources' | 'wall-screens';

/** The bar above every fleet page: where you are, where else to go, how live. */
export function FleetHeader({ fleetId, view }: { fleetId: string; view: FleetView }) {
  const base = `/fleet/${encodeURIComponent(fleetId)}`;
  return (
    <header className="dash-header">
      <Link href="/" className="brand">
        Fleetlight
      </Link>
      <FleetTitle fleetId={fleetId} />
      <nav className="views" aria-label="Fleet views">
        <Link href={base} aria-current={view === 'map' ? 'page' : undefined}>
          Live map
        </Link>
        <Link
          href={`${base}/alerts`}
          aria-current={view === 'alerts' ? 'page' : undefined}
        >
          Alerts <OpenCount />
        </Link>
        <Link
          href={`${base}/history`}
          aria-current={view === 'history' ? 'page' : undefined}
        >
          History
        </Link>
        <Link href={`${base}/wall`}>Wall display</Link>
        <AdminLink href={`${base}/wall/screens`} current={view === 'wall-screens'}>
          Wall screens
        </AdminLink>
        <SourcesLink base={base} current={view === 'sources'} />
      </nav>
      <span className="spacer" />
      <DesktopAlertsButton />
      <UnitsSwitch />
      <ConnectionIndicator />
      <RoleBadge />
    </header>
  );
}

function FleetTitle({ fleetId }: { fleetId: string }) {
  const name = useFleet((s) => s.fleet?.name);
  return <h1>{name ?? fleetId}</h1>;
}

/** Only admins may see or set where positions come from. */
function SourcesLink({ base, current }: { base: string; current: boolean }) {
  const admin = useIsAdmin();
  if (!admin) return null;
  return (
    <Link href={`${base}/sources`} aria-current={current ? 'page' : undefined}>
      Sources
    </Link>
  );
}

/** A view only admins may use. */
function AdminLink({
  href,
  current,
  children,
}: {
  href: string;
  current: boolean;
  children: string;
}) {
  const admin = useIsAdmin();
  if (!admin) return null;
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}

function OpenCount() {
  const open = useFleet((s) => s.alerts.filter(isOpen).length);
  if (open === 0) return null;
  return (
    <span className="nav-count" aria-label={`${open} open`}>
      {open}
    </span>
  );
}

function RoleBadge() {
  const role = useRole();
  if (!role) return null;
  return (
    <span className="role" title="The role of this page's API key">
      {role}
    </span>
  );
}
