'use client';

import { useCallback, useState } from 'react';
import { deleteTarget, fetchTargets, testTarget } from '@/lib/api/notify';
import { humanize } from '@/lib/fleet/format';
import type { NotifyTarget } from '@/lib/protocol';
import { useFleet } from '../fleet-store-context';
import { useAdminList } from '../use-admin-list';
import { FleetTime } from './AlertTimes';
import { Deliveries } from './Deliveries';
import { TargetForm } from './TargetForm';

/**
 * Where alerts go beyond the dashboard (admins): webhooks and e-mail
 * addresses, each for one escalation tier, and the log of what was sent.
 */
export function NotifyTargets({ apiKey }: { apiKey: string }) {
  const fleetId = useFleet((s) => s.fleetId);
  const [said, setSaid] = useState('');
  const [secret, setSecret] = useState<{ address: string; secret: string } | null>(null);
  const [deliveriesVersion, setDeliveriesVersion] = useState(0);

  const read = useCallback(
    (signal?: AbortSignal) =>
      fetchTargets(apiKey, fleetId, signal).then((a) => a.targets),
    [apiKey, fleetId],
  );
  const { items: targets, error, load } = useAdminList(read, 'targets');

  const remove = async (t: NotifyTarget) => {
    setSaid('');
    try {
      await deleteTarget(apiKey, t.target_id);
      setSaid(`${t.address} removed.`);
      await load();
    } catch (e) {
      setSaid(`${t.address} could not be removed: ${String(e)}`);
    }
  };

  const test = async (t: NotifyTarget) => {
    setSaid('');
    try {
      await testTarget(apiKey, t.target_id);
      setSaid(`A test notice went to ${t.address}; the delivery log shows how it went.`);
      setDeliveriesVersion((v) => v + 1);
    } catch (e) {
      setSaid(`The test could not be sent: ${String(e)}`);
    }
  };

  return (
    <>
      <section className="card-section" aria-labelledby="targets-title">
        <h2 id="targets-title">Notification targets</h2>
        <p className="muted">
          Tier 0 hears of every alert as it is raised; tier N once an alert nobody
          acknowledged has escalated N times.
        </p>
        {error && <p className="form-error">{error}</p>}
        <p className="muted" role="status">
          {said}
        </p>
        {secret && (
          <div className="secret" role="status">
            <p>
              <strong>Signing secret for {secret.address}.</strong> It is shown this once;
              keep it where the receiver can check the <code>X-Fleetlight-Signature</code>{' '}
              header.
            </p>
            <code className="secret-value" data-testid="webhook-secret">
              {secret.secret}
            </code>
            <button
              type="button"
              className="button subtle"
              onClick={() => setSecret(null)}
            >
              I have kept it
            </button>
          </div>
        )}
        {targets === null && !error && <p className="muted">Loading targets…</p>}
        {targets && targets.length === 0 && (
          <p className="empty">No targets yet: alerts reach the dashboard only.</p>
        )}
        {targets && targets.length > 0 && (
          <TargetTable targets={targets} onDelete={remove} onTest={test} />
        )}
        <TargetForm
          apiKey={apiKey}
          onAdded={async (target, newSecret) => {
            if (newSecret) setSecret({ address: target.address, secret: newSecret });
            setSaid(`${target.address} added.`);
            await load();
          }}
        />
      </section>
      <Deliveries apiKey={apiKey} targets={targets ?? []} version={deliveriesVersion} />
    </>
  );
}

function TargetTable({
  targets,
  onDelete,
  onTest,
}: {
  targets: NotifyTarget[];
  onDelete: (t: NotifyTarget) => Promise<void>;
  onTest: (t: NotifyTarget) => Promise<void>;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Address</th>
            <th scope="col">Tier</th>
            <th scope="col">From severity</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="visually-hidden">Change</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {targets.map((t) => (
            <tr key={t.target_id}>
              <td>{t.kind === 'email' ? 'E-mail' : 'Webhook'}</td>
              <td className="address">
                {t.address}
                {!t.enabled && <span className="muted"> (paused)</span>}
              </td>
              <td>{t.tier === 0 ? 'On raise' : `After escalation ${t.tier}`}</td>
              <td>{humanize(t.min_severity)}</td>
              <td className="nowrap">
                <FleetTime at={Date.parse(t.created_at)} />
              </td>
              <td className="row-buttons">
                <button
                  type="button"
                  className="button subtle"
                  aria-label={`Send a test to ${t.address}`}
                  onClick={() => void onTest(t)}
                >
                  Test
                </button>
                <button
                  type="button"
                  className="button danger"
                  aria-label={`Delete ${t.address}`}
                  onClick={() => void onDelete(t)}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
