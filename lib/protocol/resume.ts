import { z } from './zod';
import type { LocationUpdate, StreamMessage } from './envelope';
import type { MaintenanceAlert, SafetyAlert } from './events';

export { offsetOf } from './offsets';

/**
 * The `resume` extension: a client that lost its connection names the
 * stream run (`epoch`) and the last `seq` it processed, per fleet, and is
 * sent every event it missed on its channels, then `resumed`. Positions
 * are latest-state and are never replayed: `resumed` carries a snapshot of
 * them instead. Spec clients never send `resume` and never see `resumed`.
 */
export const MAX_RESUME_FLEETS = 64;

const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const resumeDataSchema = z.object({
  /** The epoch of the last `resumed` the client got; absent on a first connect. */
  epoch: z.string().min(1).max(64).optional(),
  /** The last `seq` processed, on a socket that reads one fleet. */
  offset: offset.optional(),
  /** The last `seq` processed, per fleet, on a socket that reads several. */
  offsets: z
    .record(z.string().min(1).max(128), offset)
    .refine((o) => Object.keys(o).length <= MAX_RESUME_FLEETS, {
      error: `at most ${MAX_RESUME_FLEETS} fleets`,
    })
    .optional(),
  /**
   * Asks for critical events (high and critical alerts) to be sent again
   * until confirmed with `ack`.
   */
  ack: z.boolean().optional(),
});

export type ResumeData = z.infer<typeof resumeDataSchema>;

/**
 * The `ack` extension: confirms every critical event of a fleet up to a
 * `seq` (`offset` on a socket that reads one fleet, else `offsets`).
 * Not answered; a socket that asked for re-delivery in its `resume`
 * stops getting the confirmed events again.
 */
export const ackDataSchema = z.object({
  offset: offset.optional(),
  offsets: z
    .record(z.string().min(1).max(128), offset)
    .refine((o) => Object.keys(o).length <= MAX_RESUME_FLEETS, {
      error: `at most ${MAX_RESUME_FLEETS} fleets`,
    })
    .optional(),
});

export type AckData = z.infer<typeof ackDataSchema>;

/**
 * Why a resume could not replay, and the client got a fresh snapshot:
 * - `fresh`: no epoch was given (a first connect);
 * - `epoch_changed`: the server restarted, so offsets start again;
 * - `gap`: an event after the offset has left the replay buffer;
 * - `ahead`: the offset is one this run never reached.
 */
export const RESET_REASONS = ['fresh', 'epoch_changed', 'gap', 'ahead'] as const;
export type ResetReason = (typeof RESET_REASONS)[number];

export type AlertEnvelope = SafetyAlert | MaintenanceAlert;

interface ResumedCommon {
  /** The stream run; send it back in the next `resume`. */
  epoch: string;
  /**
   * Per fleet, the `seq` the client is now caught up to: every event up
   * to it was replayed or is in the snapshot. Resume from here.
   */
  offsets: Record<string, number>;
  /** The latest position of every vehicle in scope, when subscribed. */
  vehicles: LocationUpdate[];
  correlation_id?: string;
}

export interface ResumedPayload extends ResumedCommon {
  status: 'replayed';
  /** How many events were sent before this message. */
  replayed: number;
}

export interface ResetPayload extends ResumedCommon {
  status: 'reset';
  reason: ResetReason;
  message: string;
  /**
   * The open alerts of the fleets in scope, read from the database, when
   * an alert channel is subscribed: replace what was held with these.
   */
  alerts: AlertEnvelope[];
}

/**
 * One answer of `GET /v1/streaming/poll`: the `resumed` payload with the
 * events in it (docs/protocol.md, HTTP long polling).
 */
export interface PollAnswer {
  status: 'replayed' | 'reset';
  reason?: ResetReason;
  message?: string;
  epoch: string;
  offsets: Record<string, number>;
  events: StreamMessage[];
  vehicles: LocationUpdate[];
  alerts?: AlertEnvelope[];
}
