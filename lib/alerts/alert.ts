import type {
  AlertRecord,
  AlertStatus,
  MaintenanceAlert,
  SafetyAlert,
  Severity,
} from '../protocol';

/**
 * An alert as the dashboard speaks of it, whichever way it came: a stored
 * record from REST or a live message from the stream. Times are epoch ms;
 * the server's ISO strings stop at this boundary.
 */
export interface FleetAlert {
  id: string;
  kind: 'safety' | 'maintenance';
  category: string;
  vehicleId: string;
  /** The highest severity of its episodes. */
  severity: Severity;
  status: AlertStatus;
  /** Episodes folded into the alert, the first included. */
  occurrences: number;
  /** Device time of the first and the latest episode. */
  raisedAt: number;
  lastSeenAt: number;
  place?: string;
  /** The latest episode's measurements. */
  detail: Readonly<Record<string, number | string>>;
  acknowledged?: Transition;
  resolved?: Transition & { auto: boolean };
  /** 0 until the alert first escalates. */
  escalationLevel: number;
  escalatedAt?: number;
  /** Server time the next escalation is due, while one is. */
  escalateAt?: number;
  /** Server time the condition was seen to clear. */
  clearedAt?: number;
  /** Server time the rule resolves it by itself, while that is pending. */
  autoResolveAt?: number;
}

/** Who moved an alert on, and when (server time). */
export interface Transition {
  by: string;
  at: number;
  /** Only REST answers carry notes; the stream does not. */
  note?: string;
}

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

const SEVERITY_RANK: Record<Severity, number> = {
  low: 0,
  medium: 1,
  high: 2,
  critical: 3,
};

const STATUS_RANK: Record<AlertStatus, number> = {
  active: 0,
  acknowledged: 1,
  resolved: 2,
};

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}

/** High and critical alerts interrupt people; the others wait in the list. */
export function isUrgent(a: FleetAlert): boolean {
  return SEVERITY_RANK[a.severity] >= SEVERITY_RANK.high;
}

/** Not resolved yet: still someone's to deal with. */
export function isOpen(a: FleetAlert): boolean {
  return a.status !== 'resolved';
}

/** Urgent and nobody has taken it: the wall display rings for these. */
export function isRinging(a: FleetAlert): boolean {
  return a.status === 'active' && isUrgent(a);
}

/**
 * Whether `next` is at least as far along as `current`. An alert only
 * moves forward (status, escalation, episodes, last seen), so a REST answer
 * fetched before a live update can never undo it, whichever lands last.
 */
export function isNotOlder(current: FleetAlert, next: FleetAlert): boolean {
  const a = progress(current);
  const b = progress(next);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return y > x;
  }
  return true;
}

function progress(a: FleetAlert): number[] {
  return [STATUS_RANK[a.status], a.escalationLevel, a.occurrences, a.lastSeenAt];
}

/**
 * `next` over `current`, keeping the notes only REST carries: a live
 * message of the same state must not wipe the note an admin wrote.
 */
export function mergeAlert(current: FleetAlert, next: FleetAlert): FleetAlert {
  const merged = { ...next };
  if (next.acknowledged) {
    merged.acknowledged = keepNote(next.acknowledged, current.acknowledged);
  }
  if (next.resolved) merged.resolved = keepNote(next.resolved, current.resolved);
  return merged;
}

function keepNote<T extends Transition>(next: T, was: Transition | undefined): T {
  if (next.note !== undefined || was?.note === undefined) return next;
  return was.at === next.at ? { ...next, note: was.note } : next;
}

/** A stored alert from REST or an action's answer. */
export function fromRecord(r: AlertRecord): FleetAlert {
  return {
    id: r.alert_id,
    kind: r.channel === 'alerts' ? 'safety' : 'maintenance',
    category: r.category,
    vehicleId: r.vehicle_id,
    severity: r.severity,
    status: r.status,
    occurrences: r.occurrences,
    raisedAt: Date.parse(r.raised_at),
    lastSeenAt: Date.parse(r.last_seen_at),
    ...(r.location?.address !== undefined && { place: r.location.address }),
    detail: r.event_data,
    ...acknowledgement(r.acknowledged_by, r.acknowledged_at, r.acknowledged_note),
    ...(r.resolved_by !== undefined &&
      r.resolved_at !== undefined && {
        resolved: {
          by: r.resolved_by,
          at: Date.parse(r.resolved_at),
          auto: r.auto_resolved,
          ...(r.resolved_note !== undefined && { note: r.resolved_note }),
        },
      }),
    escalationLevel: r.escalation_level,
    ...times(r),
  };
}

/**
 * A live message. One the server could not store carries no lifecycle
 * fields; it is then as the engine made it: active, or resolved when it
 * says its condition cleared.
 */
export function fromMessage(m: SafetyAlert | MaintenanceAlert): FleetAlert {
  const p = m.payload;
  const at = Date.parse(m.timestamp);
  const status = p.status ?? (p.auto_resolved ? 'resolved' : 'active');
  return {
    id: p.alert_id,
    kind: m.channel === 'alerts' ? 'safety' : 'maintenance',
    category: p.category,
    vehicleId: p.vehicle_id,
    severity: p.severity,
    status,
    occurrences: p.occurrences ?? 1,
    raisedAt: p.raised_at ? Date.parse(p.raised_at) : at,
    lastSeenAt: p.last_seen_at ? Date.parse(p.last_seen_at) : at,
    ...(p.location?.address !== undefined && { place: p.location.address }),
    detail: p.event_data,
    ...acknowledgement(p.acknowledged_by, p.acknowledged_at, undefined),
    ...(status === 'resolved' && {
      resolved: {
        by: p.resolved_by ?? 'system',
        at: p.resolved_at ? Date.parse(p.resolved_at) : at,
        auto: p.auto_resolved,
      },
    }),
    escalationLevel: p.escalation_level ?? 0,
    ...times(p),
  };
}

function acknowledgement(
  by: string | undefined,
  at: string | undefined,
  note: string | undefined,
): { acknowledged?: Transition } {
  if (by === undefined || at === undefined) return {};
  const acknowledged = { by, at: Date.parse(at), ...(note !== undefined && { note }) };
  return { acknowledged };
}

interface ServerTimes {
  escalated_at?: string | undefined;
  escalate_at?: string | undefined;
  cleared_at?: string | undefined;
  auto_resolve_at?: string | undefined;
}

function times(t: ServerTimes) {
  const ms = (s: string | undefined) => (s === undefined ? undefined : Date.parse(s));
  const escalatedAt = ms(t.escalated_at);
  const escalateAt = ms(t.escalate_at);
  const clearedAt = ms(t.cleared_at);
  const autoResolveAt = ms(t.auto_resolve_at);
  return {
    ...(escalatedAt !== undefined && { escalatedAt }),
    ...(escalateAt !== undefined && { escalateAt }),
    ...(clearedAt !== undefined && { clearedAt }),
    ...(autoResolveAt !== undefined && { autoResolveAt }),
  };
}
