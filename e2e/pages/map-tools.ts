import type { APIRequestContext, Locator, Page } from '@playwright/test';

/** The map's own panel (follow, fit, layer toggles) and the live map. */
export class MapToolsPage {
  readonly panel: Locator;
  readonly follow: Locator;
  readonly fitFleet: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('group', { name: 'Map tools' });
    this.follow = this.panel.getByRole('button', { name: 'Follow' });
    this.fitFleet = this.panel.getByRole('button', { name: 'Fit fleet' });
  }

  layer(name: string): Locator {
    return this.panel.getByRole('checkbox', { name });
  }

  /**
   * Features MapLibre has drawn in a layer; none while the map has no
   * style (a lost WebGL context), when getLayer itself would throw.
   */
  rendered(layer: string): Promise<Array<Record<string, unknown>>> {
    return this.page.evaluate((id) => {
      const map = window.fleetlightMap;
      if (!map?.style || !map.getLayer(id)) return [];
      return map.queryRenderedFeatures({ layers: [id] }).map((f) => ({
        ...f.properties,
        coordinates: f.geometry.type === 'Point' ? f.geometry.coordinates : null,
      }));
    }, layer);
  }

  /**
   * How far, in screen pixels, a drawn vehicle lies from the map's centre.
   * The selected vehicle is drawn from a source of its own.
   */
  offCentre(vehicleId: string): Promise<number | null> {
    return this.page.evaluate((id) => {
      const map = window.fleetlightMap;
      if (!map?.style) return null;
      // The selected vehicle is drawn from a source of its own.
      const layers = ['vehicles', 'vehicles-selected'].filter((l) => map.getLayer(l));
      if (layers.length === 0) return null;
      const hit = map
        .queryRenderedFeatures({ layers })
        .find((f) => f.properties['id'] === id);
      if (!hit || hit.geometry.type !== 'Point') return null;
      const [lon = 0, lat = 0] = hit.geometry.coordinates;
      const p = map.project([lon, lat]);
      const c = map.project(map.getCenter());
      return Math.hypot(p.x - c.x, p.y - c.y);
    }, vehicleId);
  }

  /**
   * Moves the camera some 20 km off, as code (not a drag) would; to
   * `zoom` when given, else at the same zoom.
   */
  jumpAway(zoom?: number): Promise<void> {
    return this.page.evaluate((z) => {
      const map = window.fleetlightMap;
      if (!map) throw new Error('the map is not ready');
      const { lng, lat } = map.getCenter();
      map.jumpTo({ center: [lng + 0.2, lat + 0.1], zoom: z ?? map.getZoom() });
    }, zoom);
  }

  /** Drags the map by hand, as a person would. */
  async drag(dx: number, dy: number): Promise<void> {
    const box = await this.page.locator('.maplibregl-canvas').boundingBox();
    if (!box) throw new Error('the map has no canvas');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx, y + dy, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Loses the map's WebGL context, as a GPU reset would. */
  loseContext(): Promise<void> {
    return this.page.evaluate(() => {
      const map = window.fleetlightMap;
      const gl = map?.getCanvas().getContext('webgl2');
      const ext = gl?.getExtension('WEBGL_lose_context');
      if (!map || !ext) throw new Error('the map has no WebGL 2 context to lose');
      Object.assign(window, { lostContext: ext, lostMap: map });
      ext.loseContext();
    });
  }

  restoreContext(): Promise<void> {
    return this.page.evaluate(() => {
      const { lostContext } = window as unknown as { lostContext?: WEBGL_lose_context };
      if (!lostContext) throw new Error('no context was lost');
      lostContext.restoreContext();
    });
  }

  /** Whether the live map is still the one whose context was lost. */
  sameMapAsLost(): Promise<boolean> {
    return this.page.evaluate(
      () => (window as unknown as { lostMap?: unknown }).lostMap === window.fleetlightMap,
    );
  }
}

/**
 * A listed vehicle the server follows on a planned trip with stops still
 * ahead, by its id.
 */
export async function vehicleOnTrip(
  request: APIRequestContext,
  key: string,
  ids: readonly string[],
): Promise<string | null> {
  const headers = { Authorization: `Bearer ${key}` };
  const found = await Promise.all(
    ids.map(async (id) => {
      const res = await request.get(`/v1/vehicles/${encodeURIComponent(id)}/trip`, {
        headers,
      });
      if (!res.ok()) return false;
      const trip = (await res.json()) as { next_stop: number; stops: unknown[] };
      return trip.next_stop > 0 && trip.next_stop < trip.stops.length - 1;
    }),
  );
  return ids[found.indexOf(true)] ?? null;
}
