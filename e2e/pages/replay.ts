import {
  expect,
  type APIRequestContext,
  type Locator,
  type Page,
} from '@playwright/test';
import type { HistorySpan, TripPage } from '../../lib/protocol/history';

/** The replay of one trip: map cursor, playback, speed chart, timeline. */
export class ReplayPage {
  readonly cursor: Locator;
  readonly play: Locator;
  readonly pause: Locator;
  readonly stepForward: Locator;
  readonly chart: Locator;

  constructor(readonly page: Page) {
    this.cursor = page.getByTestId('replay-cursor');
    this.play = page.getByRole('button', { name: 'Play', exact: true });
    this.pause = page.getByRole('button', { name: 'Pause', exact: true });
    this.stepForward = page.getByRole('button', { name: 'Step forward' });
    this.chart = page.getByTestId('speed-chart');
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

  /** The cursor's device time, epoch ms. */
  async time(): Promise<number> {
    return Number(await this.cursor.getAttribute('data-t'));
  }

  async setSpeed(speed: string): Promise<void> {
    await this.page.getByLabel('Playback speed').selectOption(speed);
  }
}

/** The time machine: minute picker and the fleet at that minute. */
export class TimeMachinePage {
  readonly vehicles: Locator;
  readonly count: Locator;
  readonly time: Locator;
  readonly back1: Locator;

  constructor(readonly page: Page) {
    this.vehicles = page.getByTestId('snapshot-vehicle');
    this.count = page.getByText(/^\d+ vehicles? at /);
    this.time = page.getByLabel('Time');
    this.back1 = page.getByRole('button', { name: '−1 min' });
  }

  async open(fleetId: string, key: string): Promise<void> {
    await this.page.goto(`/fleet/${fleetId}/history#key=${key}`);
  }
}

/**
 * The longest ended-or-running trip of the fleet with at least 20 stored
 * fixes over `minSeconds` of device time, read over REST; waits while
 * the demo replay stores one.
 */
export async function storedTrip(
  request: APIRequestContext,
  fleetId: string,
  key: string,
  minSeconds: number,
): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get(`/v1/fleets/${fleetId}/trips?limit=100`, {
          headers: { Authorization: `Bearer ${key}` },
        });
        const body = (await res.json()) as TripPage;
        const long = body.trips.filter(
          (t) =>
            t.points >= 20 &&
            Date.parse(t.end) - Date.parse(t.start) >= minSeconds * 1000,
        );
        found = long[0]?.trip_id;
        return found;
      },
      { timeout: 60_000 },
    )
    .toBeDefined();
  return found ?? '';
}

/** Waits until the fleet's stored history spans `minutes` whole minutes. */
export async function storedMinutes(
  request: APIRequestContext,
  fleetId: string,
  key: string,
  minutes: number,
): Promise<void> {
  await expect
    .poll(
      async () => {
        const res = await request.get(`/v1/fleets/${fleetId}/history`, {
          headers: { Authorization: `Bearer ${key}` },
        });
        const span = (await res.json()) as HistorySpan;
        if (span.first === null || span.last === null) return 0;
        return (Date.parse(span.last) - Date.parse(span.first)) / 60_000;
      },
      { timeout: (minutes + 1) * 60_000 },
    )
    .toBeGreaterThanOrEqual(minutes);
}
