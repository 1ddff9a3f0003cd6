import { expect, test } from '@playwright/test';
import { E2E_KEY } from '../playwright.config';
import { DashboardPage } from './pages/dashboard';
import { MapToolsPage, vehicleOnTrip } from './pages/map-tools';

const FLEET = 'austin-metrorapid';
/** Near enough the middle to be followed: the camera eases towards each fix. */
const FOLLOWED_PX = 80;

test.describe('map tools', () => {
  test('follows the selected vehicle and draws its trail, route and stops', async ({
    page,
    request,
  }) => {
    const dashboard = new DashboardPage(page);
    const tools = new MapToolsPage(page);
    await dashboard.open(FLEET, E2E_KEY);
    await dashboard.expectVehiclesDrawn();

    const rows = dashboard.vehicleList.getByRole('button');
    let id: string | null = null;
    await expect
      .poll(
        async () => {
          const ids = await rows.evaluateAll((els) =>
            els.map((e) => e.getAttribute('data-vehicle-id') ?? ''),
          );
          id = await vehicleOnTrip(request, E2E_KEY, ids);
          return id;
        },
        { timeout: 30_000 },
      )
      .not.toBeNull();
    const vehicleId = id ?? '';
    await expect(tools.follow).toBeDisabled();
    await dashboard.vehicleList.locator(`[data-vehicle-id="${vehicleId}"]`).click();

    await tools.follow.click();
    await expect(tools.follow).toHaveAttribute('aria-pressed', 'true');
    await expect
      .poll(() => tools.offCentre(vehicleId), { timeout: 15_000 })
      .toBeLessThan(FOLLOWED_PX);
    const first = await tools.centre();
    await expect
      .poll(
        async () => {
          const [lon, lat] = await tools.centre();
          const moved = lon !== first[0] || lat !== first[1];
          const off = await tools.offCentre(vehicleId);
          return moved && off !== null && off < FOLLOWED_PX;
        },
        { timeout: 30_000 },
      )
      .toBe(true);

    await expect
      .poll(async () => (await tools.rendered('fl-trail')).length)
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await tools.rendered('fl-trip-stops')).map((f) => f['state']))
      .toContain('next');
    await expect
      .poll(async () => (await tools.rendered('fl-trip-route-line')).length)
      .toBeGreaterThan(0);

    await tools.drag(150, 80);
    await expect(tools.follow).toHaveAttribute('aria-pressed', 'false');
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

  test('draws live vehicles again after the WebGL context is lost and restored', async ({
    page,
  }) => {
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
    await expectVehiclesMoving(tools);
  });

  test('mounts a fresh map when a lost context never comes back', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    const tools = new MapToolsPage(page);
    await dashboard.open(FLEET, E2E_KEY);
    await dashboard.expectVehiclesDrawn();

    await tools.loseContext();

    await expect
      .poll(async () => (await tools.rendered('vehicles')).length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await tools.sameMapAsLost()).toBe(false);
    await expectVehiclesMoving(tools);
  });
});

/** Some drawn vehicle moves: the layer is live, not a copy of the last frame. */
async function expectVehiclesMoving(tools: MapToolsPage): Promise<void> {
  const key = (f: Record<string, unknown>) => JSON.stringify(f['coordinates']);
  const before = new Map(
    (await tools.rendered('vehicles')).map((f) => [String(f['id']), key(f)]),
  );
  await expect
    .poll(
      async () =>
        (await tools.rendered('vehicles')).some((f) => {
          const was = before.get(String(f['id']));
          return was !== undefined && was !== key(f);
        }),
      { timeout: 30_000 },
    )
    .toBe(true);
}
