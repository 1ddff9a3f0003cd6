import { expect, type Locator, type Page } from '@playwright/test';

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

  constructor(readonly page: Page) {
    this.status = page.getByTestId('connection-status');
    this.vehicleList = page.getByRole('navigation', { name: 'Vehicles' });
    this.map = page.getByRole('main', { name: 'Live map' });
    this.banner = this.map.getByRole('alert');
  }

  async open(fleetId: string, key: string): Promise<void> {
    await this.page.goto(`/fleet/${fleetId}#key=${key}`);
  }

  /** A vehicle's row; its accessible name starts with its status, not its label. */
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

  async expectVehiclesDrawn(): Promise<void> {
    await expect
      .poll(async () => (await this.drawn()).length, { timeout: 30_000 })
      .toBeGreaterThan(0);
  }
}
