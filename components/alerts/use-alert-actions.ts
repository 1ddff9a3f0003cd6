'use client';

import { useCallback } from 'react';
import { postAlertAction } from '@/lib/api/alerts';
import { ApiError } from '@/lib/api/client';
import type {
  AlertAction,
  AlertActionReply,
  AlertRecord,
  ErrorCode,
} from '@/lib/protocol';
import { useFleetSocketRef, useFleetStoreApi } from '../fleet-store-context';

/** How long a socket action may wait for its answer before REST takes over. */
const SOCKET_ANSWER_MS = 4000;

export type ActOutcome =
  { ok: true } | { ok: false; code: ErrorCode | 'network'; message: string };

export type ActOnAlert = (
  alertId: string,
  action: AlertAction,
  note?: string,
) => Promise<ActOutcome>;

const EVENT = { acknowledge: 'alert:ack', resolve: 'alert:resolve' } as const;

/**
 * Acknowledges or resolves an alert: over the live socket when it is
 * connected, else (or when its answer is late) over REST with the same
 * request id, which the server answers as the first attempt (field case
 * C12). The answer's alert goes into the store at once; the broadcast to
 * every other page follows on the stream.
 */
export function useAlertActions(apiKey: string | null | undefined): ActOnAlert {
  const store = useFleetStoreApi();
  const socketRef = useFleetSocketRef();

  return useCallback(
    async (alertId, action, note) => {
      if (!apiKey) return { ok: false, code: 'invalid_api_key', message: 'No API key' };
      const requestId = newRequestId();
      const text = note?.trim() || undefined;
      const apply = (alert: AlertRecord): ActOutcome => {
        store.getState().loadAlerts([alert]);
        return { ok: true };
      };

      const socket = socketRef.current;
      if (socket?.connected) {
        const reply = await socket
          .timeout(SOCKET_ANSWER_MS)
          .emitWithAck(EVENT[action], {
            alertId,
            requestId,
            ...(text !== undefined && { note: text }),
          })
          .catch((): AlertActionReply | undefined => undefined);
        if (reply?.ok) return apply(reply.alert);
        if (reply) return { ok: false, ...reply.error };
      }

      try {
        const body = { request_id: requestId, ...(text !== undefined && { note: text }) };
        return apply(await postAlertAction(apiKey, alertId, action, body));
      } catch (error) {
        if (error instanceof ApiError) {
          return { ok: false, code: error.code, message: error.message };
        }
        return { ok: false, code: 'network', message: String(error) };
      }
    },
    [apiKey, socketRef, store],
  );
}

/**
 * 16 random bytes as hex. `crypto.randomUUID` exists only in secure
 * contexts, and a wall display is often opened over plain http on a LAN.
 */
function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
