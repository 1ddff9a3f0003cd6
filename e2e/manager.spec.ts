import { expect, test, type Page } from '@playwright/test';
import { E2E_KEY } from '../playwright.config';
import { DashboardPage } from './pages/dashboard';

const BUSES = 'austin-metrorapid';
const CARS = 'ann-arbor';

test.describe("the fleet manager's list and panels", () => {
  test('finds a vehicle by search and shows its readings', async ({ page }) => {
    // Waits for a car's engine report, which comes about twice a minute.
    test.setTimeout(120_000);
    const dashboard = new DashboardPage(page);
    await dashboard.open(CARS, E2E_KEY);
    await expect(dashboard.status).toHaveText('Live');
    await expect(dashboard.list.rows.first()).toBeVisible();
    // A car reports its engine about twice a minute: take one that has.
    const car = await withEngineData(page);

    await dashboard.list.search.fill(car.number);

    await expect(dashboard.list.rows).toHaveCount(1);
    await dashboard.list.rows.first().click();
    const panel = dashboard.panel;
    await expect(panel.root.getByRole('heading', { name: car.label })).toBeVisible();
    await expect(panel.speed).toHaveText(/^(\d+ (km\/h|mph)|—)$/);
    await expect(panel.reading('Engine')).toHaveText(/^\d+ rpm$/);
    await expect(panel.delay).toHaveText(/^(delay [\d.]+ (s|min|h)|no live fix yet)$/);
    await panel.delay.focus();
    await expect(panel.root.getByRole('tooltip')).toContainText("by the device's clock");
  });

  test('filters by status with counts from the live fleet', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(BUSES, E2E_KEY);
    await expect(dashboard.list.rows.first()).toBeVisible();
    const chips = dashboard.list.statuses.getByRole('button');
    const counts = await chips.locator('.chip-count').allTextContents();
    const most = counts
      .map(Number)
      .reduce((m, n, i, all) => (n > (all[m] ?? 0) ? i : m), 0);
    const chip = chips.nth(most);
    const status = await chip.locator('.status-dot').getAttribute('data-status');

    await chip.click();

    await expect(chip).toHaveAttribute('aria-pressed', 'true');
    const dots = dashboard.list.rows.locator('.status-dot');
    await expect(dots.first()).toBeVisible();
    for (const s of await dots.evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-status')),
    )) {
      expect(s).toBe(status);
    }
  });

  test('scrolls the list to a vehicle selected on the map', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await page.setViewportSize({ width: 1400, height: 600 });
    await dashboard.open(BUSES, E2E_KEY);
    await dashboard.expectVehiclesDrawn();

    // The vehicle drawn that comes last by name sits far below the fold.
    const ids = (await dashboard.drawn()).map((v) => v.id);
    const target = ids.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1);
    expect(target).toBeDefined();
    await expect(dashboard.list.row(target ?? '')).not.toBeInViewport();

    expect(await dashboard.clickOnMap(target ?? '')).toBe(true);

    await expect
      .poll(async () => (await dashboard.drawn('vehicles-selected')).length)
      .toBe(1);
    const [selected] = await dashboard.drawn('vehicles-selected');
    const row = dashboard.list.row(selected?.id ?? '');
    await expect(row).toHaveAttribute('aria-pressed', 'true');
    await expect(row).toBeInViewport();
  });

  test('moves through the list with the arrow keys and selects with Enter', async ({
    page,
  }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(BUSES, E2E_KEY);
    const rows = dashboard.list.rows;
    await expect(rows.first()).toBeVisible();

    await rows.first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const third = rows.nth(2);
    await expect(third).toBeFocused();
    expect(await third.evaluate((el) => el.matches(':focus-visible'))).toBe(true);
    await page.keyboard.press('Enter');

    await expect(third).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('End');
    await expect(rows.last()).toBeFocused();
    await expect(rows.last()).toBeInViewport();
  });

  test('switches between metric and imperial units and keeps the choice', async ({
    page,
  }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.open(BUSES, E2E_KEY);
    await dashboard.list.rows.first().click();
    const speed = dashboard.panel.speed;

    await dashboard.units.getByRole('button', { name: 'Metric' }).click();
    await expect(speed).toHaveText(/km\/h$/);
    await expect(dashboard.list.rows.first()).toContainText(/km\/h$/);

    await dashboard.units.getByRole('button', { name: 'Imperial' }).click();
    await expect(speed).toHaveText(/mph$/);

    await page.reload();
    await expect(
      dashboard.units.getByRole('button', { name: 'Imperial' }),
    ).toHaveAttribute('aria-pressed', 'true');
  });

  test('follows a dark colour scheme', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await dashboard.open(BUSES, E2E_KEY);
    await expect(dashboard.status).toHaveText('Live');

    const colours = () =>
      page.evaluate(() => {
        const list = document.querySelector('.vehicle-list');
        return [
          getComputedStyle(document.body).backgroundColor,
          list ? getComputedStyle(list).backgroundColor : '',
        ];
      });
    expect(await colours()).toEqual(['rgb(13, 17, 23)', 'rgb(22, 27, 34)']);

    await page.emulateMedia({ colorScheme: 'light' });
    expect(await colours()).toEqual(['rgb(246, 247, 249)', 'rgb(255, 255, 255)']);
  });

  test('fits a tablet, with the panels behind tabs', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await page.setViewportSize({ width: 1024, height: 768 });
    await dashboard.open(BUSES, E2E_KEY);
    await dashboard.expectVehiclesDrawn();
    const tab = (name: string) =>
      dashboard.tabs.getByRole('button', { name, exact: true });

    await expect(tab('Vehicles')).toHaveAttribute('aria-pressed', 'true');
    await expect(tab('Vehicle')).toBeDisabled();
    await expect(dashboard.map).toBeInViewport();
    await dashboard.list.search.fill('5003');
    await dashboard.list.rows.first().click();

    await expect(tab('Vehicle')).toHaveAttribute('aria-pressed', 'true');
    await expect(dashboard.panel.root).toBeVisible();
    await expect(dashboard.list.search).toBeHidden();
    await tab('Fleet').click();
    await expect(page.getByRole('heading', { name: 'Fleet', exact: true })).toBeVisible();
    await expect(dashboard.panel.root).toBeHidden();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

/**
 * The first car whose engine speed has reached the page, with the number
 * its label is searched by ("Car 370 (ICE)" → "370").
 */
async function withEngineData(page: Page): Promise<{ label: string; number: string }> {
  const read = () =>
    page.evaluate(() => {
      const state = window.fleetlightStore?.getState();
      if (!state) return null;
      for (const [id, points] of Object.entries(state.history)) {
        if (points.some((p) => p.rpm !== undefined)) return state.labels[id] ?? null;
      }
      return null;
    });
  await expect.poll(read, { timeout: 90_000 }).not.toBeNull();
  const label = (await read()) ?? '';
  const number = /\d+/.exec(label)?.[0];
  if (!number) throw new Error(`no number in the label ${label}`);
  return { label, number };
}
