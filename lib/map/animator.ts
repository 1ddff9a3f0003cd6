import type { Feature, FeatureCollection, Point } from 'geojson';
import { vehicleStatus, type VehicleStatus } from '../fleet/status';
import type { Vehicle } from '../fleet/vehicle';
import { glidePosition, isGliding, startGlide, type Glide } from './glide';

export interface VehicleFeatureProps {
  id: string;
  status: VehicleStatus;
  heading?: number;
}

interface Seen {
  deviceTime: number;
  receivedAt: number;
  /** Smoothed time between this vehicle's fixes, ms. */
  interval: number | undefined;
}

/** Weight of the newest interval in the running average. */
const SMOOTHING = 0.3;

/**
 * Turns the store's vehicles into map features, gliding each vehicle from
 * where it is drawn to its newest fix over about one reporting interval.
 */
export class VehicleAnimator {
  private readonly glides = new Map<string, Glide>();
  private readonly seen = new Map<string, Seen>();

  /**
   * Starts a glide for every vehicle whose fix changed and returns their
   * ids; forgets vehicles that are gone.
   */
  update(vehicles: Readonly<Record<string, Vehicle>>, now: number): string[] {
    const changed = this.advance(Object.values(vehicles), now);
    this.forget((id) => Object.hasOwn(vehicles, id));
    return changed;
  }

  /**
   * Like `update`, but looks only at `candidates` (the vehicles a batch
   * replaced) and forgets nothing: at ten thousand vehicles, walking the
   * whole fleet five times a second is most of an update's cost.
   */
  advance(candidates: Iterable<Vehicle>, now: number): string[] {
    const changed: string[] = [];
    for (const v of candidates) {
      const prev = this.seen.get(v.id);
      if (prev && prev.deviceTime === v.deviceTime) continue;
      const gap = prev ? v.receivedAt - prev.receivedAt : undefined;
      const interval = smooth(prev?.interval, gap);
      this.seen.set(v.id, {
        deviceTime: v.deviceTime,
        receivedAt: v.receivedAt,
        interval,
      });

      const glide = this.glides.get(v.id);
      const from = glide ? glidePosition(glide, now) : undefined;
      // Without a known interval the first fix is drawn where it is.
      this.glides.set(v.id, startGlide(from, [v.lon, v.lat], now, interval ?? 0));
      changed.push(v.id);
    }
    return changed;
  }

  /** Drops every vehicle `keep` says no to; returns their ids. */
  forget(keep: (id: string) => boolean): string[] {
    const gone: string[] = [];
    for (const id of this.glides.keys()) {
      if (keep(id)) continue;
      this.glides.delete(id);
      this.seen.delete(id);
      gone.push(id);
    }
    return gone;
  }

  /** The glide `id` is on, if it is drawn. */
  glide(id: string): Glide | undefined {
    return this.glides.get(id);
  }

  animating(now: number): boolean {
    for (const g of this.glides.values()) if (isGliding(g, now)) return true;
    return false;
  }

  /** Where `id` is drawn now, if it is drawn. */
  position(id: string, now: number): [number, number] | undefined {
    const g = this.glides.get(id);
    return g ? glidePosition(g, now) : undefined;
  }

  features(
    vehicles: Readonly<Record<string, Vehicle>>,
    now: number,
    staleMs?: number,
  ): FeatureCollection<Point, VehicleFeatureProps> {
    const features: Feature<Point, VehicleFeatureProps>[] = [];
    for (const v of Object.values(vehicles)) {
      const g = this.glides.get(v.id);
      const coordinates = g ? glidePosition(g, now) : [v.lon, v.lat];
      const properties: VehicleFeatureProps = {
        id: v.id,
        status: vehicleStatus(v, now, staleMs),
      };
      if (v.heading !== undefined) properties.heading = v.heading;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates },
        properties,
      });
    }
    return { type: 'FeatureCollection', features };
  }
}

function smooth(prev: number | undefined, gap: number | undefined): number | undefined {
  if (gap === undefined || gap <= 0) return prev;
  if (prev === undefined) return gap;
  return prev + SMOOTHING * (gap - prev);
}
