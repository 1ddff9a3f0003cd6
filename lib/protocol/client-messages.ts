import { z } from './zod';

/**
 * Client → server messages of the Bookovia protocol. Both forms the spec
 * shows are accepted: the generic `payload.action` + `payload.data`, and the
 * example client's `payload.channel`; `channels` takes a list.
 */
export const MAX_ID_LENGTH = 128;

/** Every message `type` a client may send; any other is `unknown_type`. */
export const CLIENT_MESSAGE_TYPES = [
  'auth',
  'subscribe',
  'unsubscribe',
  'request',
  'ping',
  'resume',
  'ack',
] as const;

export type ClientMessageType = (typeof CLIENT_MESSAGE_TYPES)[number];

/**
 * What a `request` may ask for, in `payload.data.resource`. `trip` also
 * needs `payload.data.trip_id`; the two alert actions need `alert_id`
 * and an admin key (see alertActionDataSchema).
 */
export const REQUEST_RESOURCES = [
  'vehicles',
  'alerts',
  'fleet_metrics',
  'trip',
  'acknowledge_alert',
  'resolve_alert',
] as const;

export type RequestResource = (typeof REQUEST_RESOURCES)[number];

export function isRequestResource(value: unknown): value is RequestResource {
  return (
    typeof value === 'string' && (REQUEST_RESOURCES as readonly string[]).includes(value)
  );
}

export const clientMessageSchema = z.object({
  type: z.string().min(1).max(64),
  id: z.string().max(MAX_ID_LENGTH).optional(),
  timestamp: z.string().max(64).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
});

export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const authPayloadSchema = z.object({
  api_key: z.string().min(1).max(256),
  fleet_id: z.string().min(1).max(128).optional(),
  subscriptions: z.array(z.string().max(64)).max(32).optional(),
});

export type AuthPayload = z.infer<typeof authPayloadSchema>;

/**
 * True when an auth request names no key at all. A key that is there but
 * of the wrong type is a malformed request instead, answered differently.
 */
export function lacksApiKey(payload: Record<string, unknown>): boolean {
  const key = payload['api_key'];
  return key === undefined || key === null || key === '';
}

export const ACTIONS = ['subscribe', 'unsubscribe', 'request'] as const;
export type Action = (typeof ACTIONS)[number];

const channelRef = z.object({
  channel: z.string().max(64).optional(),
  channels: z.array(z.string().max(64)).max(32).optional(),
});

export const actionPayloadSchema = channelRef.extend({
  action: z.enum(ACTIONS).optional(),
  data: channelRef.catchall(z.unknown()).optional(),
});

export type ActionPayload = z.infer<typeof actionPayloadSchema>;

/** Every channel name an action payload mentions, in order, without repeats. */
export function channelsOf(p: ActionPayload): string[] {
  const all = [
    p.channel,
    ...(p.channels ?? []),
    p.data?.channel,
    ...(p.data?.channels ?? []),
  ].filter((c): c is string => typeof c === 'string');
  return [...new Set(all)];
}
