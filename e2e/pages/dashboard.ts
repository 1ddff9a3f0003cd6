import { expect, type Locator, type Page } from '@playwright/test';
import { VehicleListPanel, VehiclePanelRegion } from './vehicle-list';

interface DrawnVehicle {
  id: string;
  coordinates: [number, number];
}

/** The fleet dashboard: header, vehicle list and map. */
export class DashboardPage {
  readonly status: Locator;
  readonly vehicleList: Locator;
  readonly map: Locator;
  readonly banner: Locator;
  readonly list: VehicleListPanel;
  readonly panel: VehiclePanelRegion;
  readonly units: Locator;
  /** The buttons that pick a panel on a narrow screen. */
  readonly tabs: Locator;

  constructor(readonly page: Page) {
    this.list = new VehicleListPanel(page);
    this.panel = new VehiclePanelRegion(page);
    this.units = page.getByRole('group', { name: 'Units' });
    this.tabs = page.getByRole('group', { name: 'Panels' });
    this.status = page.getByTestId('connection-status');
    this.vehicleList = page.getByRole('navigation', { name: 'Vehicles' });
    this.map = page.getByRole('main', { name: 'Live map' });
    this.banner = this.map.getByRole('alert');
  }

  async open(fleetId: string, key: string): Promise<void> {
    await this.page.goto(`/fleet/${fleetId}#key=${key}`);
  }

  /** A vehicle's row, by the label it shows. */
  vehicleButton(label: string): Locator {
    const name = this.page.getByText(label, { exact: true });
    return this.vehicleList.getByRole('button').filter({ has: name });
  }

  /** Vehicles MapLibre has drawn in the given layer, read from the live map. */
  drawn(layer = 'vehicles'): Promise<DrawnVehicle[]> {
    return this.page.evaluate((layerId) => {
      const map = window.fleetlightMap;
      if (!map || !map.getLayer(layerId)) return [];
      return map.queryRenderedFeatures({ layers: [layerId] }).map((f) => ({
        id: String(f.properties['id']),
        coordinates: (f.geometry as GeoJSON.Point).coordinates as [number, number],
      }));
    }, layer);
  }

  /** Clicks a vehicle where the map draws it; false when it is not drawn. */
  async clickOnMap(vehicleId: string): Promise<boolean> {
    const point = await this.page.evaluate((id) => {
      const map = window.fleetlightMap;
      if (!map) return null;
      const hit = map
        .queryRenderedFeatures({ layers: ['vehicles'] })
        .find((f) => String(f.properties['id']) === id);
      if (!hit) return null;
      const [lon, lat] = (hit.geometry as GeoJSON.Point).coordinates as [number, number];
      const p = map.project([lon, lat]);
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    }, vehicleId);
    if (!point) return false;
    await this.page.mouse.click(point.x, point.y);
    return true;
  }

  async expectVehiclesDrawn(): Promise<void> {
    await expect
      .poll(async () => (await this.drawn()).length, { timeout: 30_000 })
      .toBeGreaterThan(0);
  }
}
