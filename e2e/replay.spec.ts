import { expect, test } from '@playwright/test';
import { demoKey } from './fixtures';
import { ReplayPage, storedMinutes, storedTrip, TimeMachinePage } from './pages/replay';

const FLEET = 'ann-arbor';

test.describe('trip replay', () => {
  test('plays the trip: the cursor moves along the track', async ({ page }, testInfo) => {
    const key = demoKey(FLEET, 'viewer');
    const trip = await storedTrip(page, FLEET, key, 20);
    const replay = new ReplayPage(page);
    await replay.open(FLEET, trip, key);
    await replay.setSpeed('1');
    const start = await replay.cursorAt();

    await replay.play.click();

    await expect(replay.pause).toBeVisible();
    await expect.poll(() => replay.cursorAt()).not.toBe(start);
    const shot = testInfo.outputPath('replay.png');
    await page.screenshot({ path: shot });
    await testInfo.attach('replay', { path: shot, contentType: 'image/png' });
  });

  test('seeks where the speed chart is clicked', async ({ page }) => {
    const key = demoKey(FLEET, 'viewer');
    const trip = await storedTrip(page, FLEET, key, 20);
    const replay = new ReplayPage(page);
    await replay.open(FLEET, trip, key);
    const start = await replay.time();
    const where = await replay.cursorAt();

    const box = await replay.chart.boundingBox();
    if (!box) throw new Error('the speed chart is not laid out');
    await page.mouse.click(box.x + box.width * 0.7, box.y + box.height / 2);

    await expect.poll(() => replay.time()).toBeGreaterThan(start);
    expect(await replay.cursorAt()).not.toBe(where);
  });

  test('steps with the arrow keys and plays with space', async ({ page }) => {
    const key = demoKey(FLEET, 'viewer');
    const trip = await storedTrip(page, FLEET, key, 20);
    const replay = new ReplayPage(page);
    await replay.open(FLEET, trip, key);
    await replay.setSpeed('1');
    const start = await replay.time();

    await page.locator('body').press('ArrowRight');
    await expect.poll(() => replay.time()).toBeGreaterThan(start);
    await page.locator('body').press(' ');
    await expect(replay.pause).toBeVisible();
  });
});

test.describe('time machine', () => {
  test('shows the fleet at a past minute', async ({ page }, testInfo) => {
    // A past minute needs two minutes of stored history: the demo stores
    // them in real time, so a run of this spec alone waits for them.
    test.setTimeout(240_000);
    const key = demoKey(FLEET, 'viewer');
    await storedMinutes(page, FLEET, key, 2);
    const machine = new TimeMachinePage(page);
    await machine.open(FLEET, key);
    await expect(machine.vehicles.first()).toBeVisible();
    const latest = await machine.time.inputValue();

    await machine.back1.click();

    await expect(machine.time).not.toHaveValue(latest);
    await expect(machine.vehicles.first()).toBeVisible();
    await expect(machine.count).toBeVisible();
    const shot = testInfo.outputPath('time-machine.png');
    await page.screenshot({ path: shot });
    await testInfo.attach('time-machine', { path: shot, contentType: 'image/png' });
  });
});
