import type { StreamMessage } from '../protocol';

/** How many message ids are remembered to drop a repeat. */
const REMEMBERED_IDS = 2048;

/**
 * Where a client stands in its fleets' streams, and the judge of what is
 * new. Events (every channel but positions) are new when their `seq` is
 * above the fleet's offset, so a replay that overlaps what was seen, or a
 * message sent twice, is dropped. Positions are latest-state: one is new
 * when its fix is newer, by device time, than the vehicle's last one, so
 * the marker never moves back (docs/protocol.md, Resuming).
 */
export class StreamCursor {
  epoch: string | undefined;
  private readonly offsets = new Map<string, number>();
  private readonly fixTimes = new Map<string, number>();
  private readonly ids = new Set<string>();

  /** What a `resume` names: nothing before the first `resumed`. */
  position(): { epoch?: string; offsets?: Record<string, number> } {
    if (this.epoch === undefined) return {};
    return { epoch: this.epoch, offsets: Object.fromEntries(this.offsets) };
  }

  /**
   * Takes the offsets a `resumed` reports. After a reset they replace
   * the old ones, which belonged to another epoch or had a hole behind
   * them; after a replay they only move forward.
   */
  catchUp(epoch: string, offsets: Record<string, number>, reset: boolean): void {
    if (reset) this.offsets.clear();
    this.epoch = epoch;
    for (const [fleet, offset] of Object.entries(offsets)) {
      this.offsets.set(fleet, Math.max(offset, this.offsets.get(fleet) ?? 0));
    }
  }

  /** True when the message is new; it is then recorded as seen. */
  admit(message: StreamMessage): boolean {
    if (this.ids.has(message.id)) return false;
    const fresh =
      message.channel === 'vehicle_locations'
        ? this.newerFix(message.payload)
        : this.newerEvent(message.payload.fleet_id, message.seq);
    if (fresh) this.remember(message.id);
    return fresh;
  }

  private newerEvent(fleetId: string, seq: number | undefined): boolean {
    if (seq === undefined) return true;
    if (seq <= (this.offsets.get(fleetId) ?? 0)) return false;
    this.offsets.set(fleetId, seq);
    return true;
  }

  private newerFix(p: { fleet_id: string; vehicle_id: string; timestamp: string }) {
    const key = `${p.fleet_id}\n${p.vehicle_id}`;
    const at = Date.parse(p.timestamp);
    const last = this.fixTimes.get(key);
    if (last !== undefined && !(at > last)) return false;
    this.fixTimes.set(key, at);
    return true;
  }

  private remember(id: string): void {
    this.ids.add(id);
    if (this.ids.size <= REMEMBERED_IDS) return;
    const oldest = this.ids.values().next();
    if (!oldest.done) this.ids.delete(oldest.value);
  }
}
