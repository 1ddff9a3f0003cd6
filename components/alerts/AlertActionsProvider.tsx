'use client';

import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { FleetAlert } from '@/lib/alerts/alert';
import { humanize, vehicleLabel } from '@/lib/fleet/format';
import type { AlertAction } from '@/lib/protocol';
import { useFleet } from '../fleet-store-context';
import { ActionDialog } from './ActionDialog';
import { useAlertActions, type ActOutcome } from './use-alert-actions';

/** The id of an alert's card, for focus to come back to after a dialog. */
export function cardId(alertId: string): string {
  return `alert-${alertId}`;
}

interface ActionUi {
  /** Opens the dialog that acknowledges or resolves `alert`. */
  request(alert: FleetAlert, action: AlertAction, opener: HTMLElement): void;
  /** A calm word per alert id, e.g. that someone else got there first. */
  notices: Readonly<Record<string, string>>;
}

const ActionUiContext = createContext<ActionUi>({ request: () => {}, notices: {} });

export function useAlertActionUi(): ActionUi {
  return useContext(ActionUiContext);
}

interface Pending {
  alert: FleetAlert;
  action: AlertAction;
  opener: HTMLElement;
}

/**
 * One action dialog for every alert card below it. A 409 (another admin
 * was first) is no failure for the person: the dialog closes and the card
 * says so quietly, showing the state the other admin left.
 */
export function AlertActionsProvider({
  apiKey,
  children,
}: {
  apiKey: string | null | undefined;
  children: ReactNode;
}) {
  const act = useAlertActions(apiKey);
  const labels = useFleet((s) => s.labels);
  const [pending, setPending] = useState<Pending | null>(null);
  const [notices, setNotices] = useState<Record<string, string>>({});
  // The dialog closes twice over (our close, then its own close event):
  // the ref makes the second a no-op.
  const open = useRef<Pending | null>(null);

  const request = useCallback<ActionUi['request']>((alert, action, opener) => {
    setNotices(({ [alert.id]: _, ...rest }) => rest);
    open.current = { alert, action, opener };
    setPending(open.current);
  }, []);

  const close = useCallback(() => {
    const p = open.current;
    open.current = null;
    setPending(null);
    if (!p) return;
    // The opener may be gone (Acknowledge leaves once it worked); the
    // card is where the person was, then.
    requestAnimationFrame(() => {
      const back = p.opener.isConnected
        ? p.opener
        : document.getElementById(cardId(p.alert.id));
      back?.focus();
    });
  }, []);

  const submit = useCallback(
    async (note: string): Promise<ActOutcome> => {
      if (!pending) return { ok: true };
      const outcome = await act(pending.alert.id, pending.action, note);
      if (outcome.ok || outcome.code === 'alert_conflict') {
        if (!outcome.ok) {
          const text = conflictNotice(outcome.message);
          setNotices((n) => ({ ...n, [pending.alert.id]: text }));
        }
        close();
        return { ok: true };
      }
      return outcome;
    },
    [act, close, pending],
  );

  const ui = useMemo(() => ({ request, notices }), [request, notices]);
  const alert = pending?.alert;
  const vehicle = alert && (labels[alert.vehicleId] ?? vehicleLabel(alert.vehicleId));

  return (
    <ActionUiContext.Provider value={ui}>
      {children}
      <ActionDialog
        open={pending !== null}
        action={pending?.action ?? 'acknowledge'}
        subject={alert ? `${humanize(alert.category)} on ${vehicle}` : ''}
        onSubmit={submit}
        onClose={close}
      />
    </ActionUiContext.Provider>
  );
}

/** "Alert … is already acknowledged" (server/db/alert-transitions.ts), calmly. */
function conflictNotice(message: string): string {
  const state = /already (\w+)/.exec(message)?.[1] ?? 'handled';
  return `Already ${state}: someone got there first. Nothing was changed.`;
}
