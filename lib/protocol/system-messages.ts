import type { Channel } from './channels';
import type { ErrorCode } from './errors';

/** Server → client messages that belong to no channel. */
interface SystemMessage<T extends string, P> {
  type: T;
  /** The id of the client message answered, else a fresh unique id. */
  id: string;
  timestamp: string;
  payload: P;
}

export type Role = 'viewer' | 'dispatcher' | 'admin';

export type Scope =
  | { kind: 'multi' }
  | { kind: 'fleet'; fleet_id: string }
  | { kind: 'vehicle'; vehicle_id: string; fleet_id: string }
  | { kind: 'trip'; trip_id: string; fleet_id: string };

export type AuthSuccess = SystemMessage<
  'auth_success',
  {
    fleet_id: string | null;
    fleets: string[];
    role: Role;
    scope: Scope;
    subscriptions: Channel[];
  }
>;

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** The id of the client message that caused it, when it had one. */
  correlation_id?: string;
}

export type AuthError = SystemMessage<'auth_error', ErrorPayload>;
export type ErrorMessage = SystemMessage<'error', ErrorPayload>;

export type SubscriptionAck = SystemMessage<
  'subscribed' | 'unsubscribed',
  { channels: Channel[]; subscriptions: Channel[]; correlation_id?: string }
>;

export type Pong = SystemMessage<'pong', { correlation_id?: string }>;

export type Response = SystemMessage<
  'response',
  { request: string; correlation_id?: string; data: unknown }
>;

export type ServerSystemMessage =
  AuthSuccess | AuthError | ErrorMessage | SubscriptionAck | Pong | Response;
