import type { Locator, Page } from '@playwright/test';

/** The vehicle list: its search, status filter, sort and windowed rows. */
export class VehicleListPanel {
  readonly search: Locator;
  readonly statuses: Locator;
  readonly sort: Locator;
  readonly rows: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    const region = page.getByRole('region', { name: /^Vehicles/ });
    this.search = region.getByRole('searchbox', { name: 'Search vehicles' });
    this.statuses = region.getByRole('group', { name: 'Show status' });
    this.sort = region.getByRole('combobox');
    this.rows = page.getByRole('navigation', { name: 'Vehicles' }).getByRole('button');
    this.count = page.getByTestId('vehicle-count');
  }

  row(vehicleId: string): Locator {
    return this.rows.and(this.page.locator(`[data-vehicle-id="${vehicleId}"]`));
  }

  rowByLabel(label: string): Locator {
    return this.rows.filter({ has: this.page.getByText(label, { exact: true }) });
  }
}

/** The selected vehicle's panel beside the map. */
export class VehiclePanelRegion {
  readonly root: Locator;
  readonly speed: Locator;
  readonly delay: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('vehicle-panel');
    this.speed = this.root.getByTestId('vehicle-speed');
    this.delay = this.root.getByTestId('vehicle-delay');
  }

  reading(name: 'Speed' | 'Engine' | 'Coolant'): Locator {
    return this.root.getByTestId(`reading-${name}`);
  }
}
