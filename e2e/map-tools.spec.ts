import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_KEY } from '../playwright.config';
import { DashboardPage } from './pages/dashboard';
import { MapToolsPage, vehicleOnTrip } from './pages/map-tools';

const FLEET = 'austin-metrorapid';
/** Near enough the middle to be followed: the camera eases towards each fix. */
const FOLLOWED_PX = 80;

test.describe('map tools', () => {
  test('follows the selected vehicle until the map is dragged', async ({
    page,
    request,
  }) => {
    const dashboard = new DashboardPage(page);
    const tools = new MapToolsPage(page);
    await dashboard.open(FLEET, E2E_KEY);
    await dashboard.expectVehiclesDrawn();
    await expect(tools.follow).toBeDisabled();
    const id = await selectVehicleOnTrip(dashboard, request);

    await tools.follow.click();

    await expect(tools.follow).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => tools.offCentre(id)).toBeLessThan(FOLLOWED_PX);
    // Moved away by code, not by hand: the next fix brings the camera back.
    await tools.jumpAway();
    await expect
      .poll(() => tools.offCentre(id), { timeout: 15_000 })
      .toBeLessThan(FOLLOWED_PX);
    await tools.drag(150, 80);
    await expect(tools.follow).toHaveAttribute('aria-pressed', 'false');
  });

  test("draws the selected vehicle's trail, planned route and stops", async ({
    page,
    request,
  }) => {
    const dashboard = new DashboardPage(page);
    const tools = new MapToolsPage(page);
    await dashboard.open(FLEET, E2E_KEY);
    await dashboard.expectVehiclesDrawn();

    await selectVehicleOnTrip(dashboard, request);

    await expect
      .poll(async () => (await tools.rendered('fl-trail')).length)
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await tools.rendered('fl-trip-stops')).map((f) => f['state']))
      .toContain('next');
    await expect
      .poll(async () => (await tools.rendered('fl-trip-route-line')).length)
      .toBeGreaterThan(0);
    await tools.layer('Route and stops').uncheck();
    await expect.poll(async () => (await tools.rendered('fl-trip-stops')).length).toBe(0);
  });

  test('hides a layer group from its toggle and shows it again', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    const tools = new MapToolsPage(page);
    await dashboard.open(FLEET, E2E_KEY);
    await dashboard.expectVehiclesDrawn();

    await tools.layer('Vehicles').uncheck();

    await expect.poll(async () => (await dashboard.drawn()).length).toBe(0);
    await tools.layer('Vehicles').check();
    await dashboard.expectVehiclesDrawn();
  });

  test('frames every listed vehicle from the fit button', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    const tools = new MapToolsPage(page);
    await dashboard.open(FLEET, E2E_KEY);
    await dashboard.expectVehiclesDrawn();
    await tools.jumpAway(15);
    await expect.poll(async () => (await dashboard.drawn()).length).toBe(0);

    await tools.fitFleet.click();

    // The list holds only the rows in view; its heading counts them all.
    const listed = page.getByTestId('vehicle-count');
    await expect
      .poll(async () => {
        const count = Number(await listed.textContent());
        return (await dashboard.drawn()).length - count;
      })
      .toBe(0);
  });

  test('draws live vehicles again after the WebGL context is lost and restored', async ({
    page,
  }) => {
    // The map is built twice (once more after the loss): twice the work
    // of the other tests, not a wait on anything that may never come.
    test.slow();
    const dashboard = new DashboardPage(page);
    const tools = new MapToolsPage(page);
    await dashboard.open(FLEET, E2E_KEY);
    await dashboard.expectVehiclesDrawn();

    await tools.loseContext();
    await expect.poll(async () => (await tools.rendered('vehicles')).length).toBe(0);
    await tools.restoreContext();

    await expect
      .poll(async () => (await tools.rendered('vehicles')).length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expectLiveLayer(dashboard);
  });

  test('mounts a fresh map when a lost context never comes back', async ({ page }) => {
    // The map is built twice (once more after the loss): twice the work
    // of the other tests, not a wait on anything that may never come.
    test.slow();
    const dashboard = new DashboardPage(page);
    const tools = new MapToolsPage(page);
    await dashboard.open(FLEET, E2E_KEY);
    await dashboard.expectVehiclesDrawn();

    await tools.loseContext();

    await expect
      .poll(async () => (await tools.rendered('vehicles')).length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await tools.sameMapAsLost()).toBe(false);
    await expectLiveLayer(dashboard);
  });
});

/**
 * The vehicle layer answers the store again, not a copy of the last frame
 * MapLibre kept: a vehicle selected in the list is highlighted.
 */
async function expectLiveLayer(dashboard: DashboardPage): Promise<void> {
  const row = dashboard.vehicleList.getByRole('button').first();
  const id = await row.getAttribute('data-vehicle-id');
  await row.click();
  // The layers come back once MapLibre has parsed every source again.
  await expect
    .poll(async () => (await dashboard.drawn('vehicles-selected')).map((v) => v.id), {
      timeout: 15_000,
    })
    .toEqual([id]);
}

/** Selects, in the list, a vehicle the server follows on a planned trip. */
async function selectVehicleOnTrip(
  dashboard: DashboardPage,
  request: APIRequestContext,
): Promise<string> {
  const rows = dashboard.vehicleList.getByRole('button');
  let id: string | null = null;
  await expect
    .poll(async () => {
      const ids = await rows.evaluateAll((els) =>
        els.map((e) => e.getAttribute('data-vehicle-id') ?? ''),
      );
      id = await vehicleOnTrip(request, E2E_KEY, ids);
      return id;
    })
    .not.toBeNull();
  const chosen = id ?? '';
  await dashboard.vehicleList.locator(`[data-vehicle-id="${chosen}"]`).click();
  return chosen;
}
