import { describe, expect, it } from 'vitest';
import { SocketPosition } from '../../../lib/client/socket-position';
import type { FleetSnapshot, SafetyAlert } from '../../../lib/protocol';
import { alert, EPOCH, FLEET } from './messages';

function snapshot(seq: number, resume: FleetSnapshot['resume']): FleetSnapshot {
  return {
    fleet_id: FLEET,
    fleet: { id: FLEET, name: 'Fleet', timezone: 'UTC' },
    roster: [],
    timestamp: '2026-03-10T10:00:00.000Z',
    seq,
    epoch: EPOCH,
    vehicles: [],
    metrics: [],
    ...(resume && { resume }),
  };
}

const RESET = { status: 'reset', reason: 'fresh', message: '' } as const;
const REPLAYED = { status: 'replayed', replayed: 0 } as const;

function medium(seq: number): SafetyAlert {
  const a = alert(seq);
  return { ...a, payload: { ...a.payload, severity: 'medium' } };
}

describe('SocketPosition', () => {
  it('names no place before its first snapshot', () => {
    const p = new SocketPosition(FLEET, () => {});

    expect(p.resume()).toEqual({ ack: true });
  });

  it('resumes from the newest event taken', () => {
    const p = new SocketPosition(FLEET, () => {});
    p.snapshot(snapshot(4, RESET));
    p.admit(alert(5));
    p.admit(alert(6));

    expect(p.resume()).toEqual({ ack: true, epoch: EPOCH, offset: 6 });
  });

  it('drops an event at or below its offset', () => {
    const p = new SocketPosition(FLEET, () => {});
    p.snapshot(snapshot(4, RESET));

    expect([p.admit(alert(4)), p.admit(alert(5)), p.admit(alert(5))]).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('acks every copy of a critical event, and nothing else', () => {
    const acks: number[] = [];
    const p = new SocketPosition(FLEET, (offset) => acks.push(offset));
    p.snapshot(snapshot(0, RESET));

    p.admit(alert(1));
    p.admit(medium(2));
    p.admit(alert(1));

    expect(acks).toEqual([1, 1]);
  });

  it('tells a reset from a replay, and restarts its offset on a reset', () => {
    const p = new SocketPosition(FLEET, () => {});
    const first = p.snapshot(snapshot(9, RESET));
    const replay = p.snapshot(snapshot(9, REPLAYED));
    const reset = p.snapshot(snapshot(2, RESET));

    expect([first, replay, reset]).toEqual([true, false, true]);
    expect(p.resume()).toEqual({ ack: true, epoch: EPOCH, offset: 2 });
  });
});
