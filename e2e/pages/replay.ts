import { expect, type Locator, type Page } from '@playwright/test';
import type { TripPage } from '../../lib/protocol/history';

/** The replay of one trip: map cursor, playback, speed chart, timeline. */
export class ReplayPage {
  readonly cursor: Locator;
  readonly play: Locator;
  readonly pause: Locator;
  readonly stepForward: Locator;
  readonly chart: Locator;
  readonly slider: Locator;
  readonly clock: Locator;

  constructor(readonly page: Page) {
    this.cursor = page.getByTestId('replay-cursor');
    this.play = page.getByRole('button', { name: 'Play', exact: true });
    this.pause = page.getByRole('button', { name: 'Pause', exact: true });
    this.stepForward = page.getByRole('button', { name: 'Step forward' });
    this.chart = page.getByTestId('speed-chart');
    this.slider = page.getByRole('slider', { name: 'Replay time' });
    this.clock = page.getByRole('status', { name: 'Replay clock' });
  }

  async open(fleetId: string, tripId: string, key: string): Promise<void> {
    const trip = encodeURIComponent(tripId);
    await this.page.goto(`/fleet/${fleetId}/trips/${trip}#key=${key}`);
    await expect(this.cursor).toBeVisible();
  }

  /** Where the cursor stands, as the marker says. */
  async cursorAt(): Promise<string> {
    const lat = await this.cursor.getAttribute('data-lat');
    const lon = await this.cursor.getAttribute('data-lon');
    return `${lat},${lon}`;
  }

  async time(): Promise<number> {
    return Number(await this.slider.inputValue());
  }
}

/** The time machine: minute picker and the fleet at that minute. */
export class TimeMachinePage {
  readonly vehicles: Locator;
  readonly count: Locator;
  readonly time: Locator;
  readonly back10: Locator;

  constructor(readonly page: Page) {
    this.vehicles = page.getByTestId('snapshot-vehicle');
    this.count = page.getByText(/^\d+ vehicles? at /);
    this.time = page.getByLabel('Time');
    this.back10 = page.getByRole('button', { name: '−10 min' });
  }

  async open(fleetId: string, key: string): Promise<void> {
    await this.page.goto(`/fleet/${fleetId}/history#key=${key}`);
  }
}

/**
 * A trip of the fleet with at least `minPoints` stored fixes, read over
 * REST; waits while the demo replay stores them.
 */
export async function storedTrip(
  page: Page,
  fleetId: string,
  key: string,
  minPoints: number,
): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/v1/fleets/${fleetId}/trips?limit=100`, {
          headers: { Authorization: `Bearer ${key}` },
        });
        const body = (await res.json()) as TripPage;
        found = body.trips.find((t) => t.points >= minPoints)?.trip_id;
        return found;
      },
      { timeout: 60_000 },
    )
    .toBeDefined();
  return found ?? '';
}
