import type { Locator, Page } from '@playwright/test';

/** The wall display: alert column, alarm state and the map's halo layer. */
export class WallPage {
  readonly root: Locator;
  readonly alerts: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('.wall');
    this.alerts = page.getByRole('region', { name: /^Open alerts/ });
  }

  async open(fleetId: string, key: string): Promise<void> {
    await this.page.goto(`/fleet/${fleetId}/wall#key=${key}`);
  }

  row(alertId: string): Locator {
    return this.alerts
      .getByRole('listitem')
      .and(this.page.locator(`[data-alert-id="${alertId}"]`));
  }

  status(alertId: string): Locator {
    return this.row(alertId).getByTestId('wall-status');
  }

  /** Vehicles the map's alarm layer marks, read from the live map. */
  flashing(): Promise<string[]> {
    return this.page.evaluate(() => {
      const map = window.fleetlightMap;
      const filter = map?.getLayer('vehicles-alarm') && map.getFilter('vehicles-alarm');
      // ['in', ['get', 'id'], ['literal', ids]]
      const ids = Array.isArray(filter) ? (filter[2] as unknown[])[1] : [];
      return Array.isArray(ids) ? ids.map(String) : [];
    });
  }
}
