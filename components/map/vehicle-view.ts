import type {
  GeoJSONSource,
  Map as MapLibreMap,
  MapLayerMouseEvent,
  MapMouseEvent,
  MapSourceDataEvent,
} from 'maplibre-gl';
import { alertingVehicles, vehicleStatus } from '@/lib/fleet/status';
import type { Vehicle } from '@/lib/fleet/vehicle';
import { VehicleAnimator } from '@/lib/map/animator';
import type { Glide } from '@/lib/map/glide';
import { GlideBuffer } from '@/lib/map/glide-buffer';
import { publishInterval } from '@/lib/map/publish-interval';
import {
  selectedFeatures,
  COLLECTION_JSON,
  featuresJson,
  type FeatureInput,
} from '@/lib/map/vehicle-features';
import type { FleetStore, FleetStoreState } from '@/lib/store/fleet-store';
import { fitToVehicles } from './fit';
import { GlideLayer } from './glide-layer';
import {
  CLUSTER_LAYER,
  SELECTED_ICON_LAYER,
  SELECTED_SOURCE,
  VEHICLE_LAYER,
  VEHICLE_SOURCE,
} from './layer-ids';
import { drawTextImages } from './text-images';
import { addVehicleIcons } from './vehicle-icons';
import { addVehicleStyle } from './vehicle-style';

/** Vehicles written into the source's JSON per task. */
const PUBLISH_SLICE = 2000;
/** How often statuses are recomputed with no fix (stale ageing). */
const STATUS_REFRESH_MS = 5000;

/**
 * Keeps the map's vehicle sources and the glide layer in step with one
 * fleet store. Fixes go to the GPU buffer as they arrive; the GeoJSON
 * follows once a second; the selected vehicle alone moves every frame.
 */
export class VehicleView {
  private readonly animator = new VehicleAnimator();
  private readonly buffer = new GlideBuffer(Date.now());
  private readonly glide = new GlideLayer(this.buffer);
  private alerting = new Set<string>();
  private ready = false;
  private fitted = false;
  private publishedAt = 0;
  private publishTimer: ReturnType<typeof setTimeout> | undefined;
  private sliceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Counts publishes, so an unfinished one sees it was superseded. */
  private publishRun = 0;
  private statusTimer: ReturnType<typeof setInterval> | undefined;
  private frame = 0;
  private readonly cleanups: (() => void)[] = [];
  /** Blob URLs handed to the clustered source, newest last. */
  private readonly urls: string[] = [];
  /** With reduced motion asked for, vehicles jump from fix to fix. */
  private readonly still =
    typeof matchMedia === 'function' &&
    matchMedia('(prefers-reduced-motion: reduce)').matches;

  constructor(
    private readonly map: MapLibreMap,
    private readonly store: FleetStore,
  ) {
    if (map.isStyleLoaded()) this.setup();
    else {
      const onLoad = () => this.setup();
      map.once('load', onLoad);
      this.cleanups.push(() => map.off('load', onLoad));
    }
    this.cleanups.push(store.subscribe((s, prev) => this.onChange(s, prev)));
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.publishTimer);
    clearTimeout(this.sliceTimer);
    this.publishRun++;
    clearInterval(this.statusTimer);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    for (const url of this.urls.splice(0)) URL.revokeObjectURL(url);
    const style = this.map.getStyle();
    if (!style) return;
    // Layers of other components may draw from these sources too (the
    // wall's alarm halo); a source in use cannot be removed.
    for (const layer of style.layers) {
      const source = 'source' in layer ? layer.source : undefined;
      const ours = source === VEHICLE_SOURCE || source === SELECTED_SOURCE;
      if (ours || layer.id === this.glide.id) this.map.removeLayer(layer.id);
    }
    for (const id of [VEHICLE_SOURCE, SELECTED_SOURCE])
      if (this.map.getSource(id)) this.map.removeSource(id);
  }

  private setup(): void {
    const { map } = this;
    addVehicleIcons(map);
    this.cleanups.push(drawTextImages(map));
    addVehicleStyle(map, this.glide);
    this.ready = true;
    this.listen();

    const s = this.store.getState();
    this.alerting = alertingVehicles(s.alerts);
    this.onVehicles(s.vehicles, Object.values(s.vehicles));
    this.publish();
    this.fitted = fitToVehicles(map, s.vehicles);
    this.statusTimer = setInterval(() => this.refreshStatuses(), STATUS_REFRESH_MS);
    this.frame = requestAnimationFrame(this.tick);
  }

  private onChange(s: FleetStoreState, prev: FleetStoreState): void {
    if (!this.ready) return;
    if (s.alerts !== prev.alerts) {
      this.alerting = alertingVehicles(s.alerts);
      this.refreshStatuses();
    }
    if (s.vehiclesVersion !== prev.vehiclesVersion) {
      const batch =
        s.lastBatch !== prev.lastBatch ? s.lastBatch : Object.values(s.vehicles);
      this.onVehicles(s.vehicles, batch);
      this.schedulePublish();
      if (!this.fitted) this.fitted = fitToVehicles(this.map, s.vehicles);
    }
    if (s.labels !== prev.labels) this.schedulePublish();
    if (s.selectedId !== prev.selectedId) {
      this.publish();
      const at = s.selectedId
        ? this.animator.position(s.selectedId, Date.now())
        : undefined;
      reveal(this.map, at);
    }
  }

  /**
   * Starts glides for the fixes `batch` brought: the only GPU upload. Only
   * the batch is read, never the whole fleet, and only the fixes that won
   * their place in the store count.
   */
  private onVehicles(
    vehicles: Readonly<Record<string, Vehicle>>,
    batch: readonly Vehicle[],
  ): void {
    const now = Date.now();
    const won = batch.filter((u) => vehicles[u.id] === u);
    for (const id of this.animator.advance(won, now)) {
      const v = vehicles[id];
      const glide = this.animator.glide(id);
      if (!v || !glide) continue;
      const drawn = this.still ? arrived(glide) : glide;
      this.buffer.write(id, drawn, v.heading, this.statusOf(v, now));
    }
    this.map.triggerRepaint();
  }

  /** Ages statuses, and drops vehicles the store no longer has. */
  private refreshStatuses(): void {
    const now = Date.now();
    const { vehicles } = this.store.getState();
    let changed = false;
    for (const id of this.animator.forget((id) => Object.hasOwn(vehicles, id))) {
      this.buffer.remove(id);
      changed = true;
    }
    for (const v of Object.values(vehicles))
      changed = this.buffer.setStatus(v.id, this.statusOf(v, now)) || changed;
    if (!changed) return;
    this.map.triggerRepaint();
    this.schedulePublish();
  }

  private schedulePublish(): void {
    if (this.publishTimer !== undefined) return;
    const every = publishInterval(this.buffer.count);
    const wait = Math.max(0, this.publishedAt + every - Date.now());
    this.publishTimer = setTimeout(() => this.publish(), wait);
  }

  /**
   * Re-sends the clustered source: every vehicle but the selected one. The
   * text is written PUBLISH_SLICE vehicles per task, so ten thousand never
   * make one long task; a newer publish abandons an unfinished one.
   */
  private publish(): void {
    clearTimeout(this.publishTimer);
    this.publishTimer = undefined;
    this.publishedAt = Date.now();
    const s = this.store.getState();
    this.drawSelected(s);
    const run = ++this.publishRun;
    const list = Object.values(s.vehicles);
    const input = this.featureInput(s);
    const [open, close] = COLLECTION_JSON;
    const parts: Blob[] = [new Blob([open])];
    let written = false;
    let i = 0;
    const slice = () => {
      if (run !== this.publishRun) return;
      const end = Math.min(list.length, i + PUBLISH_SLICE);
      const text = featuresJson(input, list.slice(i, end), s.selectedId);
      if (text) parts.push(new Blob([written ? `,${text}` : text]));
      written ||= text !== '';
      i = end;
      if (i < list.length) {
        this.sliceTimer = setTimeout(slice, 0);
        return;
      }
      parts.push(new Blob([close]));
      const url = URL.createObjectURL(new Blob(parts, { type: 'application/json' }));
      this.urls.push(url);
      this.map.getSource<GeoJSONSource>(VEHICLE_SOURCE)?.setData(url);
    };
    slice();
  }

  /** Each frame: the selected vehicle glides on its own tiny source. */
  private readonly tick = () => {
    const s = this.store.getState();
    const id = s.selectedId;
    this.glide.hidden = id === null ? -1 : (this.buffer.slotOf(id) ?? -1);
    const glide = id === null ? undefined : this.animator.glide(id);
    const now = Date.now();
    const moving = glide && now < glide.start + glide.duration + 100;
    if (moving && !this.still) this.drawSelected(s);
    this.frame = requestAnimationFrame(this.tick);
  };

  private drawSelected(s: FleetStoreState): void {
    const input = this.featureInput(s);
    const source = this.map.getSource<GeoJSONSource>(SELECTED_SOURCE);
    source?.setData(selectedFeatures(input, s.selectedId));
  }

  private featureInput(s: FleetStoreState): FeatureInput {
    const now = Date.now();
    return {
      vehicles: s.vehicles,
      labels: s.labels,
      statusOf: (v) => this.statusOf(v, now),
      positionOf: (v) =>
        v.id === s.selectedId && !this.still
          ? this.animator.position(v.id, now)
          : undefined,
    };
  }

  private statusOf(v: Vehicle, now: number) {
    return vehicleStatus(v, now, undefined, this.alerting.has(v.id));
  }

  private listen(): void {
    const { map, store } = this;
    const onVehicle = (e: MapLayerMouseEvent) => {
      const id = e.features?.[0]?.properties?.['id'];
      if (typeof id === 'string') store.getState().select(id);
    };
    const onCluster = (e: MapLayerMouseEvent) => {
      const feature = e.features?.[0];
      const clusterId = feature?.properties?.['cluster_id'];
      const source = map.getSource<GeoJSONSource>(VEHICLE_SOURCE);
      if (typeof clusterId !== 'number' || !source || feature?.geometry.type !== 'Point')
        return;
      const [lon = 0, lat = 0] = feature.geometry.coordinates;
      void source
        .getClusterExpansionZoom(clusterId)
        .then((zoom) => map.easeTo({ center: [lon, lat], zoom, duration: 500 }));
    };
    // A click on the map away from every vehicle clears the selection.
    const onMap = (e: MapMouseEvent) => {
      const layers = [VEHICLE_LAYER, SELECTED_ICON_LAYER, CLUSTER_LAYER];
      const hit = map.queryRenderedFeatures(e.point, { layers });
      if (hit.length === 0) store.getState().select(null);
    };
    const pointer = () => (map.getCanvas().style.cursor = 'pointer');
    const plain = () => (map.getCanvas().style.cursor = '');
    // Once the worker has read the newest collection, older ones can go.
    const onData = (e: MapSourceDataEvent) => {
      if (e.sourceId !== VEHICLE_SOURCE || !e.isSourceLoaded) return;
      for (const url of this.urls.splice(0, this.urls.length - 1))
        URL.revokeObjectURL(url);
    };
    map.on('sourcedata', onData);
    map.on('click', VEHICLE_LAYER, onVehicle);
    map.on('click', CLUSTER_LAYER, onCluster);
    map.on('click', onMap);
    for (const layer of [VEHICLE_LAYER, CLUSTER_LAYER]) {
      map.on('mouseenter', layer, pointer);
      map.on('mouseleave', layer, plain);
    }
    this.cleanups.push(() => {
      map.off('sourcedata', onData);
      map.off('click', VEHICLE_LAYER, onVehicle);
      map.off('click', CLUSTER_LAYER, onCluster);
      map.off('click', onMap);
      for (const layer of [VEHICLE_LAYER, CLUSTER_LAYER]) {
        map.off('mouseenter', layer, pointer);
        map.off('mouseleave', layer, plain);
      }
    });
  }
}

function arrived(g: Glide): Glide {
  return { ...g, fromLon: g.toLon, fromLat: g.toLat, duration: 0 };
}

/** Brings a vehicle chosen elsewhere (the list, an alert) into view. */
function reveal(map: MapLibreMap, at: [number, number] | undefined): void {
  if (!at) return;
  const bounds = map.getBounds();
  const canvas = map.getCanvas();
  const p = map.project(at);
  const margin = 40;
  const inside =
    bounds.contains(at) &&
    p.x > margin &&
    p.y > margin &&
    p.x < canvas.clientWidth - margin &&
    p.y < canvas.clientHeight - margin;
  if (!inside) map.easeTo({ center: at, duration: 600 });
}
