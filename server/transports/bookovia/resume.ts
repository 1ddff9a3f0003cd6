import {
  offsetOf,
  type AlertEnvelope,
  type Channel,
  type ResetReason,
  type ResumeData,
} from '../../../lib/protocol';
import type { Published } from '../../stream/hub';
import type { Replay } from '../../stream/replay';

/** Where a session's `resume` reads the stream's recent past. */
export interface ResumeSource {
  readonly epoch: string;
  seq(fleetId: string): number;
  since(fleetId: string, offset: number, channels: ReadonlySet<Channel>): Replay;
}

/** Open alerts of a fleet, read from the database, for a reset. */
export type OpenAlerts = (fleetId: string) => Promise<AlertEnvelope[]>;

export type ResumePlan =
  | { status: 'replayed'; events: Published[]; offsets: Record<string, number> }
  | {
      status: 'reset';
      reason: ResetReason;
      message: string;
      offsets: Record<string, number>;
    };

const RESET_MESSAGES: Record<ResetReason, string> = {
  fresh: 'No epoch given: here is a fresh snapshot; resume from its offsets',
  epoch_changed:
    'The server restarted and its offsets began again: here is a fresh snapshot',
  gap: 'Events after your offset have left the replay buffer: here is a fresh snapshot',
  ahead: 'Your offset is beyond this stream: here is a fresh snapshot',
};

/**
 * What a resume gets, decided in one synchronous pass so no live event can
 * fall between the replay and the offsets it reports. `offsets` names,
 * per fleet, the newest `seq` now, which the client is caught up to once it
 * has taken the replay or the snapshot. A fleet the request leaves out is
 * resumed from 0, the start of the epoch.
 */
export function planResume(
  data: ResumeData,
  fleets: readonly string[],
  channels: ReadonlySet<Channel>,
  source: ResumeSource,
): ResumePlan {
  const offsets = Object.fromEntries(fleets.map((f) => [f, source.seq(f)]));
  const reset = (reason: ResetReason): ResumePlan => ({
    status: 'reset',
    reason,
    message: RESET_MESSAGES[reason],
    offsets,
  });
  if (data.epoch === undefined) return reset('fresh');
  if (data.epoch !== source.epoch) return reset('epoch_changed');

  const events: Published[] = [];
  for (const fleetId of fleets) {
    const from = offsetOf(data.offsets, fleetId) ?? data.offset ?? 0;
    const replay = source.since(fleetId, from, channels);
    if (!replay.ok) return reset(replay.reason);
    events.push(...replay.events);
  }
  return { status: 'replayed', events, offsets };
}
