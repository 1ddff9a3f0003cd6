import type { Locator, Page } from '@playwright/test';

/** The wall display: its views, the alarm, the alert queue and the map's halos. */
export class WallPage {
  readonly root: Locator;
  readonly alerts: Locator;
  readonly views: Locator;
  readonly progress: Locator;
  readonly metricsBoard: Locator;
  readonly spotlight: Locator;
  readonly held: Locator;
  /** The banner saying the wall's data cannot be trusted. */
  readonly stale: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('.wall');
    this.alerts = page.getByRole('region', { name: /^Open alerts/ });
    this.views = page.getByRole('navigation', { name: 'Wall views' });
    this.progress = page.getByTestId('rotation-progress');
    this.metricsBoard = page.getByRole('region', { name: 'Fleet metrics board' });
    this.spotlight = page.getByRole('region', {
      name: 'Alert waiting for acknowledgement',
    });
    this.held = this.views.getByText(/^Held on an urgent alert/);
    this.stale = page.getByRole('alert').and(page.locator('.wall-stale'));
  }

  async open(fleetId: string, key: string, query = ''): Promise<void> {
    const search = query === '' ? '' : `?${query}`;
    await this.page.goto(`/fleet/${fleetId}/wall${search}#key=${key}`);
  }

  /** The view in front: map, kpi, alerts, or alarm while an alert holds it. */
  focus(): Promise<string | null> {
    return this.root.getAttribute('data-focus');
  }

  /** The lit view's name in the view list. */
  current(): Locator {
    return this.views.locator('li[aria-current="true"]');
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
