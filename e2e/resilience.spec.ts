import type { APIRequestContext, Page } from '@playwright/test';
import { E2E_KEY } from '../playwright.config';
import { expect, test } from './fixtures';
import { DashboardPage } from './pages/dashboard';

const FLEET = 'austin-metrorapid';

/** Socket.IO connections the server holds now, both transports, from /metrics. */
async function socketIoConnections(request: APIRequestContext): Promise<number> {
  const text = await (await request.get('/metrics')).text();
  const series = /^fleetlight_connections\{transport="socketio_\w+"\} (\d+)$/gm;
  const counts = [...text.matchAll(series)].map((m) => Number(m[1]));
  if (counts.length === 0) throw new Error('/metrics has no Socket.IO connection count');
  return counts.reduce((a, b) => a + b, 0);
}

const roleOf = (page: Page) => page.evaluate(() => window.fleetlightStreamRole);

test.describe('resilience', () => {
  test('two tabs share one socket, and the second takes over when the first closes', async ({
    context,
    request,
  }) => {
    const first = new DashboardPage(await context.newPage());
    await first.open(FLEET, E2E_KEY);
    await expect(first.status).toHaveText('Live');
    const second = new DashboardPage(await context.newPage());
    await second.open(FLEET, E2E_KEY);

    await expect(second.status).toHaveText('Live');
    await second.expectVehiclesDrawn();
    expect(await roleOf(first.page)).toBe('leader');
    expect(await roleOf(second.page)).toBe('follower');
    await expect.poll(() => socketIoConnections(request)).toBe(1);

    await first.page.close();

    await expect.poll(() => roleOf(second.page)).toBe('leader');
    await expect(second.status).toHaveText('Live');
    await expect.poll(() => socketIoConnections(request)).toBe(1);
  });

  test('a reload that cannot reach the server shows the saved fleet, marked stale', async ({
    page,
  }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(FLEET, E2E_KEY);
    await expect(dashboard.status).toHaveText('Live');
    await dashboard.expectVehiclesDrawn();
    const saved = () =>
      page.evaluate(
        (key) => localStorage.getItem(key) !== null,
        `fleetlight:fleet:${FLEET}:v1`,
      );
    await expect.poll(saved).toBe(true);

    // The page itself loads; the stream's server is out of reach.
    await page.route('**/socket.io/**', (route) => route.abort('internetdisconnected'));
    await page.reload();

    await expect(dashboard.banner).toContainText(
      /Showing data saved at \d\d:\d\d .*— offline/,
    );
    await dashboard.expectVehiclesDrawn();
  });
});
