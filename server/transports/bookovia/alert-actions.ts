import {
  ALERT_ACTION_RESOURCES,
  requestAlertActionSchema,
  type AlertRecord,
  type Role,
} from '../../../lib/protocol';
import type { ActOptions, AlertActor } from '../../alerts/desk';
import type { TransitionOutcome } from '../../db/alert-transitions';
import type { RequestAnswer } from './requests';

export type AlertActionResource = keyof typeof ALERT_ACTION_RESOURCES;

/** Acknowledges or resolves an alert for an actor (the AlertDesk's `act`). */
export type ActOnAlert = (
  actor: AlertActor,
  alertId: string,
  action: (typeof ALERT_ACTION_RESOURCES)[AlertActionResource],
  opts: ActOptions,
) => Promise<TransitionOutcome>;

export function isAlertActionResource(value: unknown): value is AlertActionResource {
  return typeof value === 'string' && Object.hasOwn(ALERT_ACTION_RESOURCES, value);
}

export interface ActionContext {
  actor: AlertActor & { role: Role };
  /** False on a vehicle or trip endpoint: actions are made fleet-wide. */
  fleetWide: boolean;
  /** The request message's id, the idempotency key when none is given. */
  messageId: string | undefined;
  act: ActOnAlert | undefined;
}

/**
 * `acknowledge_alert` and `resolve_alert` over a Bookovia socket, with the
 * same rules and answers as REST and Socket.IO: admins only, one winner of
 * concurrent attempts (`alert_conflict` for the other), a repeated request
 * id answered as the first time. The response's `data` is the alert.
 */
export async function answerAlertAction(
  resource: AlertActionResource,
  data: Record<string, unknown> | undefined,
  ctx: ActionContext,
): Promise<RequestAnswer> {
  const parsed = requestAlertActionSchema.safeParse(data);
  if (!parsed.success) {
    const message = `${resource} needs payload.data.alert_id; note (≤ 500) and request_id (≤ 100) are optional`;
    return { ok: false, code: 'invalid_message', message };
  }
  if (ctx.actor.role !== 'admin') {
    const message = `The ${ctx.actor.role} role may not ${ALERT_ACTION_RESOURCES[resource]} alerts`;
    return { ok: false, code: 'role_forbidden', message };
  }
  if (!ctx.fleetWide || !ctx.act) {
    const message =
      'Alerts are acknowledged and resolved on a fleet or multi-fleet endpoint';
    return { ok: false, code: 'invalid_message', message };
  }

  const { alert_id, note, request_id } = parsed.data;
  const requestId = request_id ?? ctx.messageId;
  const outcome = await ctx.act(ctx.actor, alert_id, ALERT_ACTION_RESOURCES[resource], {
    note,
    requestId,
  });
  if (!outcome.ok) return { ok: false, code: outcome.code, message: outcome.message };
  const alert: AlertRecord = outcome.alert;
  return { ok: true, payload: { request: resource, data: alert } };
}
