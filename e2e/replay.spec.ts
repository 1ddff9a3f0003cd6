import { expect, test } from '@playwright/test';
import { demoKey } from './fixtures';
import { ReplayPage, storedMinutes, storedTrip, TimeMachinePage } from './pages/replay';

const FLEET = 'ann-arbor';

let trip = '';

// The demo stores its trips in real time: a fresh server needs some
// seconds before one is long enough to replay. Waiting for the data is
// this hook's whole job, so it has a budget of its own.
test.beforeAll(async ({ playwright }, testInfo) => {
  testInfo.setTimeout(120_000);
  const request = await playwright.request.newContext({
    baseURL: testInfo.project.use.baseURL ?? '',
  });
  trip = await storedTrip(request, FLEET, demoKey(FLEET, 'viewer'), 20);
  await request.dispose();
});

test.describe('trip replay', () => {
  test('plays the trip: the cursor moves along the track', async ({ page }, testInfo) => {
    const key = demoKey(FLEET, 'viewer');
    const replay = new ReplayPage(page);
    await replay.open(FLEET, trip, key);
    await replay.setSpeed('1');
    const start = await replay.cursorAt();

    await replay.play.click();

    await expect(replay.pause).toBeVisible();
    await expect.poll(() => replay.cursorAt()).not.toBe(start);
    await replay.pause.click();
    await expect(replay.play).toBeVisible();
    const shot = testInfo.outputPath('replay.png');
    await page.screenshot({ path: shot });
    await testInfo.attach('replay', { path: shot, contentType: 'image/png' });
  });

  test('seeks where the speed chart is clicked', async ({ page }) => {
    const key = demoKey(FLEET, 'viewer');
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
  // A past minute needs two minutes of stored history, which the demo
  // stores in real time: a run of this spec alone waits for them here.
  test.beforeAll(async ({ playwright }, testInfo) => {
    testInfo.setTimeout(240_000);
    const request = await playwright.request.newContext({
      baseURL: testInfo.project.use.baseURL ?? '',
    });
    await storedMinutes(request, FLEET, demoKey(FLEET, 'viewer'), 2);
    await request.dispose();
  });

  test('shows the fleet at a past minute', async ({ page }, testInfo) => {
    const key = demoKey(FLEET, 'viewer');
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
