import { expect, test } from '@playwright/test';
import { E2E_KEY } from '../playwright.config';
import { demoKeys } from './fixtures';
import { DashboardPage } from './pages/dashboard';

const FLEET = 'austin-metrorapid';

test.describe('fleet dashboard', () => {
  test('draws the live fleet on the map', async ({ page }, testInfo) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(FLEET, E2E_KEY);

    await expect(dashboard.status).toHaveText('Live');
    await dashboard.expectVehiclesDrawn();
    expect(page.url()).not.toContain(E2E_KEY);

    const shot = testInfo.outputPath('dashboard.png');
    await page.screenshot({ path: shot });
    await testInfo.attach('dashboard', { path: shot, contentType: 'image/png' });
  });

  test('moves a vehicle as fixes arrive', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(FLEET, E2E_KEY);
    await dashboard.expectVehiclesDrawn();

    const before = new Map((await dashboard.drawn()).map((v) => [v.id, v.coordinates]));
    await expect
      .poll(
        async () =>
          (await dashboard.drawn()).some((v) => {
            const was = before.get(v.id);
            return (
              was !== undefined &&
              (was[0] !== v.coordinates[0] || was[1] !== v.coordinates[1])
            );
          }),
        { timeout: 30_000 },
      )
      .toBe(true);
  });

  test('highlights on the map the vehicle selected in the list', async ({
    page,
  }, testInfo) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(FLEET, E2E_KEY);
    await dashboard.expectVehiclesDrawn();

    const first = dashboard.vehicleList.getByRole('button').first();
    const id = await first.getAttribute('data-vehicle-id');
    await first.click();

    await expect(first).toHaveAttribute('aria-pressed', 'true');
    await expect
      .poll(async () => (await dashboard.drawn('vehicles-selected')).map((v) => v.id))
      .toEqual([id]);
    const shot = testInfo.outputPath('selected.png');
    await page.screenshot({ path: shot });
    await testInfo.attach('selected', { path: shot, contentType: 'image/png' });
  });

  test('says plainly when the key is not valid', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(FLEET, 'flk_not-a-valid-key-000000000');

    await expect(dashboard.status).toHaveText('Not authorised');
    await expect(dashboard.banner).toContainText('The API key is unknown or revoked');
  });

  test("shows fleet metrics and the selected vehicle's details", async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(FLEET, E2E_KEY);
    await dashboard.expectVehiclesDrawn();

    const metrics = page
      .getByRole('definition')
      .filter({ has: page.getByTestId('metric-Active vehicles') });
    await expect(metrics).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('metric-Active vehicles')).toHaveText(/^\d+$/);

    const row = dashboard.vehicleList.getByRole('button').first();
    const name = (await row.locator('.vehicle-name').textContent()) ?? '';
    await row.click();
    const panel = page.getByRole('complementary', { name: 'Fleet details' });
    await expect(panel.getByRole('heading', { name })).toBeVisible();
    await expect(panel.getByText('Last fix')).toBeVisible();
  });

  test("keeps each fleet's own key when several fleets are open", async ({ browser }) => {
    const keys = demoKeys();
    const context = await browser.newContext();
    const rapid = new DashboardPage(await context.newPage());
    const cars = new DashboardPage(await context.newPage());

    await rapid.open('austin-metrorapid', keys['austin-metrorapid']?.admin ?? '');
    await expect(rapid.status).toHaveText('Live');
    await cars.open('ann-arbor', keys['ann-arbor']?.admin ?? '');
    await expect(cars.status).toHaveText('Live');

    await rapid.page.reload();
    await expect(rapid.status).toHaveText('Live');
    await context.close();
  });
});
