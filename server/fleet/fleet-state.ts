import type { Fix } from '../ingest/fix';
import { applyFix, type Applied, type VehicleState } from './vehicle-state';

export interface RegisteredFleet {
  id: string;
  name: string;
  timezone: string;
}

export interface RegisteredVehicle {
  id: string;
  fleetId: string;
  label: string;
  timeScale: number;
}

/**
 * The live state of every fleet: which vehicles exist, and the newest
 * state of each. In memory; the position history lives in the database.
 */
export class FleetState {
  private readonly fleets = new Map<string, RegisteredFleet>();
  private readonly registry = new Map<string, RegisteredVehicle>();
  private readonly vehicles = new Map<string, VehicleState>();
  private readonly byFleet = new Map<string, Set<string>>();

  registerFleet(fleet: RegisteredFleet): void {
    this.fleets.set(fleet.id, fleet);
  }

  fleet(id: string): RegisteredFleet | undefined {
    return this.fleets.get(id);
  }

  /** Every registered vehicle of a fleet, reporting or not. */
  vehiclesOf(fleetId: string): RegisteredVehicle[] {
    const ids = [...(this.byFleet.get(fleetId) ?? [])];
    return ids.map((id) => this.registry.get(id)).filter((v) => v !== undefined);
  }

  register(vehicle: RegisteredVehicle): void {
    const old = this.registry.get(vehicle.id);
    if (old) this.byFleet.get(old.fleetId)?.delete(vehicle.id);
    this.registry.set(vehicle.id, vehicle);
    let ids = this.byFleet.get(vehicle.fleetId);
    if (!ids) {
      ids = new Set();
      this.byFleet.set(vehicle.fleetId, ids);
    }
    ids.add(vehicle.id);
  }

  vehicle(id: string): RegisteredVehicle | undefined {
    return this.registry.get(id);
  }

  apply(fix: Fix, receivedAt: number): Applied | undefined {
    const reg = this.registry.get(fix.vehicleId);
    if (!reg) return undefined;
    const ctx = { fleetId: reg.fleetId, timeScale: reg.timeScale, receivedAt };
    const result = applyFix(this.vehicles.get(fix.vehicleId), fix, ctx);
    if (result.kind === 'current') this.vehicles.set(fix.vehicleId, result.state);
    return result;
  }

  /** Restores a state read back from storage at start-up. */
  restore(state: VehicleState): void {
    const current = this.vehicles.get(state.vehicleId);
    if (current && current.fix.deviceTime >= state.fix.deviceTime) return;
    this.vehicles.set(state.vehicleId, state);
  }

  /** Current states of a fleet's vehicles that have reported at least once. */
  snapshot(fleetId: string): VehicleState[] {
    const out: VehicleState[] = [];
    for (const id of this.byFleet.get(fleetId) ?? []) {
      const s = this.vehicles.get(id);
      if (s) out.push(s);
    }
    return out;
  }

  state(vehicleId: string): VehicleState | undefined {
    return this.vehicles.get(vehicleId);
  }

  fleetOf(vehicleId: string): string | undefined {
    return this.registry.get(vehicleId)?.fleetId;
  }

  /** Every fleet, registered or holding vehicles. */
  fleetIds(): string[] {
    return [...new Set([...this.fleets.keys(), ...this.byFleet.keys()])];
  }
}
