import type { APIRequestContext, Page } from '@playwright/test';
import { demoKey, expect, test } from './fixtures';
import { WallPage } from './pages/wall';
import { WallScreensPage } from './pages/wall-screens';

/** MetroRapid buses raise nothing urgent in the first minutes of the replay. */
const CALM = 'austin-metrorapid';
const BUSES = 'austin-metrobus';
const ROTATE_S = 6;
const ORDER = ['map', 'kpi', 'alerts'] as const;
type View = (typeof ORDER)[number];
const LABEL: Record<View, string> = {
  map: 'Map',
  kpi: 'Fleet metrics',
  alerts: 'Alert queue',
};

/** The region a view shows. */
function pane(wall: WallPage, view: View) {
  if (view === 'map') return wall.page.getByRole('main', { name: 'Live map' });
  return view === 'kpi' ? wall.metricsBoard : wall.alerts;
}

test.describe('wall display', () => {
  test('turns from the map to the metrics board to the alert queue and round', async ({
    page,
  }) => {
    const wall = new WallPage(page);
    await wall.open(CALM, demoKey(CALM, 'dispatcher'), `rotate=${ROTATE_S}`);
    await expect(wall.views).toBeVisible();
    await expect(wall.progress.locator('span')).toHaveCSS(
      'animation-duration',
      `${ROTATE_S}s`,
    );

    // The wall may have turned while the page loaded: go on from where it is.
    const first = (await wall.focus()) ?? '';
    expect(ORDER as readonly string[]).toContain(first);
    // A turn is due every ROTATE_S; a loaded machine's page may be late.
    const turn = { timeout: ROTATE_S * 3 * 1000 };
    let at = ORDER.indexOf(first as View);
    for (let n = 0; n < ORDER.length; n++) {
      at = (at + 1) % ORDER.length;
      const view = ORDER[at] ?? 'map';
      await expect(wall.root).toHaveAttribute('data-focus', view, turn);
      await expect(wall.current()).toHaveText(LABEL[view]);
      await expect(pane(wall, view)).toBeVisible();
      for (const other of ORDER.filter((v) => v !== view)) {
        await expect(pane(wall, other)).toBeHidden();
      }
    }
  });

  test('jumps to a critical alert with a flash as it arrives, and turns on once it is acknowledged', async ({
    page,
    request,
  }) => {
    const admin = demoKey(BUSES, 'admin');
    const wall = new WallPage(page);
    await recordTimes(page);
    await wall.open(BUSES, demoKey(BUSES, 'dispatcher'), `rotate=${ROTATE_S}`);
    await expect(wall.views).toBeVisible();
    await quiet(request, admin, wall);

    const vehicleId = `e2e-brake-${Date.now()}`;
    await brakeHard(request, admin, vehicleId);

    await expect(wall.root).toHaveAttribute('data-focus', 'alarm');
    await expect(wall.root).toHaveAttribute('data-alarm', 'on');
    const times = await pageTimes(page, vehicleId);
    expect(times.arrived, 'the alert came over the WebSocket').not.toBeNull();
    expect(times.alarmed, 'the wall switched to the alarm after it').not.toBeNull();
    expect((times.alarmed ?? 0) - (times.arrived ?? 0)).toBeLessThan(2000);
    await expect(wall.spotlight).toHaveAttribute('data-severity', 'critical');
    await expect(wall.spotlight).toContainText('Harsh braking');
    await expect(wall.spotlight).toHaveCSS('animation-name', 'wall-alarm');
    await expect(wall.held).toBeVisible();
    await expect(wall.progress).toHaveCount(0);
    await expect.poll(() => wall.flashing()).toContain(vehicleId);

    await quiet(request, admin, wall);
    await expect(wall.spotlight).toBeHidden();
    await expect(wall.root).not.toHaveAttribute('data-focus', 'alarm');
    await expect(wall.progress).toBeVisible();
    await expect.poll(() => wall.flashing()).not.toContain(vehicleId);
  });

  test('covers the stage with a banner while the connection is cut, and lifts it once back', async ({
    page,
  }) => {
    const wall = new WallPage(page);
    await wall.open(CALM, demoKey(CALM, 'dispatcher'));
    await expect(page.getByTestId('connection-status')).toHaveText('Live');
    await expect(wall.stale).toHaveCount(0);

    await page.context().setOffline(true);

    await expect(wall.stale).toBeVisible();
    await expect(wall.stale).toContainText('Offline');
    await expect(wall.stale).toContainText('may be out of date');

    await page.context().setOffline(false);

    await expect(page.getByTestId('connection-status')).toHaveText('Live');
    await expect(wall.stale).toHaveCount(0);
  });

  test("opens from an admin's wall link, and goes dark once the link is revoked", async ({
    personPage,
  }) => {
    const admin = new WallScreensPage(await personPage());
    const wall = new WallPage(await personPage());
    await admin.open(CALM, demoKey(CALM, 'admin'));
    const label = `Screen ${Date.now()}`;

    const link = await admin.addScreen(label);

    expect(link).toMatch(new RegExp(`/fleet/${CALM}/wall#key=flw_`));
    await expect(admin.tokens.getByRole('rowheader', { name: label })).toBeVisible();
    await wall.page.goto(link);
    await expect(wall.page.getByTestId('connection-status')).toHaveText('Live');
    await expect(wall.views).toBeVisible();

    await admin.revoke(label);

    await expect(admin.tokens.getByRole('rowheader', { name: label })).toHaveCount(0);
    await expect(wall.stale).toContainText('Not allowed');
    await expect(wall.stale).toContainText('unknown or revoked');
    await expect(wall.page.getByTestId('connection-status')).toHaveText('Not authorised');
  });
});

/**
 * Records, on the page's own clock, when each Socket.IO `alerts` event
 * arrives over the WebSocket and when the wall switches to its alarm.
 */
async function recordTimes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const times = { frames: [] as Array<[number, string]>, alarms: [] as number[] };
    Object.assign(window, { wallTimes: times });
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        this.addEventListener('message', (e: MessageEvent) => {
          const data: unknown = e.data;
          if (typeof data === 'string' && data.startsWith('42["alerts"')) {
            times.frames.push([Date.now(), data]);
          }
        });
      }
    };
    new MutationObserver((changes) => {
      for (const c of changes) {
        const el = c.target as HTMLElement;
        if (el.classList.contains('wall') && el.dataset['focus'] === 'alarm') {
          times.alarms.push(Date.now());
        }
      }
    }).observe(document, { subtree: true, attributeFilter: ['data-focus'] });
  });
}

/** When the alert of `vehicleId` arrived, and the first alarm after it. */
function pageTimes(
  page: Page,
  vehicleId: string,
): Promise<{ arrived: number | null; alarmed: number | null }> {
  return page.evaluate((id) => {
    const { wallTimes } = window as unknown as {
      wallTimes: { frames: Array<[number, string]>; alarms: number[] };
    };
    const frame = wallTimes.frames.find(([, data]) => data.includes(id));
    const arrived = frame?.[0] ?? null;
    const alarmed =
      arrived === null ? null : (wallTimes.alarms.find((t) => t >= arrived) ?? null);
    return { arrived, alarmed };
  }, vehicleId);
}

/**
 * A car braking from 100 km/h to a standstill in 4 s (0.71 g): the
 * detector's critical tier from 0.6 g. The last fix, 4 s after it stopped,
 * ends the episode, which raises the alert.
 */
async function brakeHard(
  request: APIRequestContext,
  adminKey: string,
  vehicleId: string,
): Promise<void> {
  const headers = { Authorization: `Bearer ${adminKey}` };
  const made = await request.post(`/v1/fleets/${BUSES}/ingest-keys`, {
    headers,
    data: { label: 'wall e2e' },
  });
  expect(made.status()).toBe(201);
  const key = ((await made.json()) as { ingest_key: { key: string } }).ingest_key.key;

  const t0 = Date.now() - 10_000;
  let lat = 30.27;
  const fixes = [
    [0, 100],
    [1, 75],
    [2, 50],
    [3, 25],
    [4, 0],
    [8, 0],
  ].map(([s = 0, kmh = 0]) => {
    const fix = { vehicle_id: vehicleId, timestamp: t0 + s * 1000, lat, lon: -97.74 };
    lat += kmh / 3.6 / 111_000;
    return { ...fix, speed_kmh: kmh };
  });
  const sent = await request.post('/v1/ingest/positions', {
    headers: { Authorization: `Bearer ${key}` },
    data: { fixes },
  });
  expect(sent.status()).toBe(200);
  expect(((await sent.json()) as { accepted: number }).accepted).toBe(fixes.length);
}

/** Acknowledges every active high or critical alert of the bus fleet. */
async function acknowledgeUrgent(
  request: APIRequestContext,
  adminKey: string,
): Promise<void> {
  const headers = { Authorization: `Bearer ${adminKey}` };
  const res = await request.get(`/v1/fleets/${BUSES}/alerts?status=active`, { headers });
  expect(res.status()).toBe(200);
  const { alerts } = (await res.json()) as {
    alerts: Array<{ alert_id: string; severity: string }>;
  };
  for (const a of alerts) {
    if (a.severity !== 'high' && a.severity !== 'critical') continue;
    const acked = await request.post(`/v1/alerts/${a.alert_id}/acknowledge`, { headers });
    expect(acked.status()).toBe(200);
  }
}

/**
 * Acknowledges every urgent alert until the wall is calm: the demo may
 * raise another between an acknowledgement and the check.
 */
async function quiet(request: APIRequestContext, admin: string, wall: WallPage) {
  await expect(async () => {
    await acknowledgeUrgent(request, admin);
    await expect(wall.root).toHaveAttribute('data-alarm', 'off', { timeout: 2000 });
  }).toPass({ timeout: 20_000 });
}
