'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { FleetHeader } from '../FleetHeader';
import { ConnectionBanner, FleetShell } from '../FleetShell';
import { Toasts } from '../Toasts';
import { useIsAdmin } from '../use-identity';
import { AlertQueue } from './AlertQueue';
import { AuditLog } from './AuditLog';
import { NotifyTargets } from './NotifyTargets';
import { RulesEditor } from './RulesEditor';
import './alerts.css';

const VIEWS = {
  queue: 'Queue',
  rules: 'Rules',
  notify: 'Notifications',
  audit: 'Audit log',
} as const;

type View = keyof typeof VIEWS;

/** `/fleet/[fleetId]/alerts`: the alert queue, and for admins its set-up. */
export function AlertsPage({ fleetId }: { fleetId: string }) {
  return (
    <FleetShell fleetId={fleetId}>
      {({ apiKey, forgetKey }) => (
        <AlertsScreen fleetId={fleetId} apiKey={apiKey} onForget={forgetKey} />
      )}
    </FleetShell>
  );
}

function AlertsScreen({
  fleetId,
  apiKey,
  onForget,
}: {
  fleetId: string;
  apiKey: string;
  onForget: () => void;
}) {
  const admin = useIsAdmin();
  const asked = useSearchParams().get('view');
  // Only admins have more than the queue; anyone else's link lands there.
  const view: View =
    admin && asked !== null && asked in VIEWS ? (asked as View) : 'queue';

  return (
    <div className="page">
      <FleetHeader fleetId={fleetId} view="alerts" />
      <main className="page-main" aria-labelledby="page-title">
        <div className="page-banner">
          <ConnectionBanner onForget={onForget} />
        </div>
        <div className="page-head">
          <h2 id="page-title">Alerts</h2>
          {admin && <ViewTabs current={view} />}
        </div>
        {view === 'queue' && <AlertQueue />}
        {view === 'rules' && <RulesEditor apiKey={apiKey} />}
        {view === 'notify' && <NotifyTargets apiKey={apiKey} />}
        {view === 'audit' && <AuditLog apiKey={apiKey} />}
      </main>
      <div className="page-toasts">
        <Toasts />
      </div>
    </div>
  );
}

function ViewTabs({ current }: { current: View }) {
  return (
    <nav className="tabs" aria-label="Alert views">
      {(Object.keys(VIEWS) as View[]).map((v) => (
        <Link
          key={v}
          href={v === 'queue' ? '?' : `?view=${v}`}
          aria-current={v === current ? 'page' : undefined}
          replace
          scroll={false}
        >
          {VIEWS[v]}
        </Link>
      ))}
    </nav>
  );
}
