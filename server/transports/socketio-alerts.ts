import type { Socket } from 'socket.io';
import {
  socketAlertActionSchema,
  type AlertAction,
  type AlertActionReply,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../lib/protocol';
import type { AlertDesk } from '../alerts/desk';
import type { Logger } from '../log';
import type { SocketData } from './socketio';

type FleetSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/**
 * `alert:ack` and `alert:resolve` from the dashboard, answered through the
 * acknowledgement callback with the same codes REST uses. The client's
 * `requestId` makes a retry after a reconnect harmless (field case C12):
 * Socket.IO re-sends emits buffered while offline, so the same request can
 * arrive twice.
 */
export function handleAlertActions(
  socket: FleetSocket,
  alerts: AlertDesk,
  log: Logger,
): void {
  const on = (action: AlertAction) => (raw: unknown, reply: unknown) => {
    const answer = typeof reply === 'function' ? (reply as Reply) : ignore;
    act(socket, alerts, action, raw).then(answer, (error: unknown) => {
      log.error('alert action failed', { action, error });
      answer(failure('internal', 'The server failed; try again'));
    });
  };
  socket.on('alert:ack', on('acknowledge'));
  socket.on('alert:resolve', on('resolve'));
}

type Reply = (r: AlertActionReply) => void;

async function act(
  socket: FleetSocket,
  alerts: AlertDesk,
  action: AlertAction,
  raw: unknown,
): Promise<AlertActionReply> {
  const { principal } = socket.data;
  const parsed = socketAlertActionSchema.safeParse(raw);
  if (!parsed.success) {
    const text = 'Send {alertId: string, requestId: string (≤ 100), note?: string}';
    return failure('invalid_message', text);
  }
  if (principal.role !== 'admin') {
    return failure('role_forbidden', `The ${principal.role} role may not do this`);
  }

  const { alertId, requestId, note } = parsed.data;
  const outcome = await alerts.act(principal, alertId, action, { requestId, note });
  if (!outcome.ok) return failure(outcome.code, outcome.message);
  return { ok: true, alert: outcome.alert };
}

function failure(
  code: Extract<AlertActionReply, { ok: false }>['error']['code'],
  message: string,
): AlertActionReply {
  return { ok: false, error: { code, message } };
}

function ignore(): void {}
