import type { AlertRecord } from './alerts';
import type { Channel } from './channels';
import type { RequestResource } from './client-messages';
import type { LocationUpdate } from './envelope';
import type { ResetPayload, ResumedPayload } from './resume';
import type { ErrorCode } from './errors';
import type { FleetMetricsPayload, MaintenanceAlert, SafetyAlert } from './events';

/** Every `type` of a server message that belongs to no channel. */
export const SYSTEM_MESSAGE_TYPES = [
  'auth_success',
  'auth_error',
  'error',
  'subscribed',
  'unsubscribed',
  'response',
  'pong',
  'resumed',
] as const;

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
  /** With `rate_limited`: when the next message will be taken. */
  retry_after_ms?: number;
}

export type AuthError = SystemMessage<'auth_error', ErrorPayload>;
export type ErrorMessage = SystemMessage<'error', ErrorPayload>;

export type SubscriptionAck = SystemMessage<
  'subscribed' | 'unsubscribed',
  { channels: Channel[]; subscriptions: Channel[]; correlation_id?: string }
>;

export type Pong = SystemMessage<'pong', { correlation_id?: string }>;

/** What each `request` resource answers, in the response's `payload.data`. */
export interface ResponseData {
  /** The current `location_update` of every vehicle in scope. */
  vehicles: LocationUpdate[];
  /** Active and recent alerts in scope, oldest first; resolved ones left out. */
  alerts: Array<SafetyAlert | MaintenanceAlert>;
  /** The latest finished period of every fleet in scope. */
  fleet_metrics: FleetMetricsPayload[];
  /** The vehicles on the trip now, each with its `location_update`. */
  trip: { trip_id: string; vehicles: LocationUpdate[] };
  /** The alert as stored after the change. */
  acknowledge_alert: AlertRecord;
  resolve_alert: AlertRecord;
}

export type ResponsePayload = {
  [R in RequestResource]: { request: R; correlation_id?: string; data: ResponseData[R] };
}[RequestResource];

export type Response = SystemMessage<'response', ResponsePayload>;

/** The end of a resume: what was replayed, or why a snapshot came instead. */
export type Resumed = SystemMessage<'resumed', ResumedPayload | ResetPayload>;

export type ServerSystemMessage =
  AuthSuccess | AuthError | ErrorMessage | SubscriptionAck | Pong | Response | Resumed;
