import { demoKey, expect, test } from './fixtures';
import { DashboardPage } from './pages/dashboard';
import { SourcesPage } from './pages/sources';

const FLEET = 'ann-arbor';
const DEVICE = '123456';
const VEHICLE = 'phone-e2e';

/** Downtown Ann Arbor, inside the fleet's map. */
const AT = { lat: 42.2808, lon: -83.743 };

test.describe('sources', () => {
  test('a registered phone shows on the dashboard with its first OsmAnd fix', async ({
    page,
    request,
  }) => {
    const key = demoKey(FLEET, 'admin');
    const sources = new SourcesPage(page);
    await sources.open(FLEET, key);
    await expect(sources.navLink).toHaveAttribute('aria-current', 'page');
    await sources.registerDevice(DEVICE, VEHICLE, 'Phone E2E');

    // The request Traccar Client sends (docs/SOURCES.md); speed in knots.
    const now = Math.floor(Date.now() / 1000);
    const query = `id=${DEVICE}&lat=${AT.lat}&lon=${AT.lon}&timestamp=${now}`;
    const answer = await request.get(`/osmand?${query}&hdop=1.2&altitude=260&speed=10`);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['fleetlight-fix']).toBe('accepted');

    await expect(sources.accepted('OsmAnd')).toHaveText('1');

    const dashboard = new DashboardPage(page);
    await dashboard.open(FLEET, key);
    await expect(dashboard.vehicleButton('Phone E2E')).toBeVisible();
    await dashboard.expectVehiclesDrawn();
    await expect
      .poll(async () => (await dashboard.drawn()).map((v) => v.id))
      .toContain(VEHICLE);
  });

  test('an import reports its refused row after the upload completes', async ({
    page,
  }) => {
    const sources = new SourcesPage(page);
    await sources.open(FLEET, demoKey(FLEET, 'admin'));

    const t = Date.now() - 60_000;
    const csv = [
      'vehicle_id,timestamp,lat,lon',
      `import-e2e,${t},42.28,-83.74`,
      `import-e2e,${t + 1000},91,-83.74`,
      `import-e2e,${t + 2000},42.281,-83.741`,
    ].join('\n');
    await sources.importFile('track.csv', 'text/csv', csv);

    await expect(sources.progress).toHaveAttribute('aria-valuenow', '100');
    await expect(page.getByTestId('import-accepted')).toHaveText('2');
    await expect(page.getByTestId('import-rejected')).toHaveText('1');
    const row = sources.refusedRows.getByRole('row').nth(1);
    await expect(row.getByRole('rowheader')).toHaveText('2');
    await expect(row).toContainText('coordinates_out_of_range');
  });
});
