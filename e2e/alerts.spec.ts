import { demoKey, expect, test } from './fixtures';
import { AlertsPage } from './pages/alerts';
import { RulesPage } from './pages/rules';
import { WallPage } from './pages/wall';

/**
 * The Ann Arbor replay raises a high harsh braking (car 480, 0.54 g) about
 * 25 s after the server starts, and nothing retracts it: harsh braking
 * never resolves by itself. A real, recorded event, not a planted one.
 */
const CARS = 'ann-arbor';
const RAISED_WITHIN_MS = 60_000;

test.describe('alerts', () => {
  test('an acknowledgement on the alerts page silences the wall display', async ({
    personPage,
  }) => {
    const admin = new AlertsPage(await personPage());
    const wall = new WallPage(await personPage());
    await admin.open(CARS, demoKey(CARS, 'admin'));
    await wall.open(CARS, demoKey(CARS, 'dispatcher'));
    await admin.showOnly('High', 'Critical');

    const raised = admin.firstActive();
    await expect(raised).toBeVisible({ timeout: RAISED_WITHIN_MS });
    const alertId = (await raised.getAttribute('data-alert-id')) ?? '';
    const vehicleId = (await raised.getAttribute('data-vehicle-id')) ?? '';
    const card = admin.card(alertId);
    await expect(wall.row(alertId)).toHaveAttribute('data-ringing', 'true');
    await expect(wall.root).toHaveAttribute('data-alarm', 'on');
    await expect.poll(() => wall.flashing()).toContain(vehicleId);
    await expect(wall.page.getByRole('button', { name: /Acknowledge/ })).toHaveCount(0);

    await admin.acknowledge(card, 'Calling the driver');

    const within = { timeout: 2000 };
    await expect(wall.status(alertId)).toHaveText(/^Acknowledged by/, within);
    await expect(wall.row(alertId)).not.toHaveAttribute('data-ringing', within);
    await expect(wall.root).toHaveAttribute('data-alarm', 'off', within);
    await expect.poll(() => wall.flashing(), within).not.toContain(vehicleId);
    await expect(admin.dialog).toBeHidden();
    await expect(card).toHaveAttribute('data-status', 'acknowledged');
    await expect(card.getByText('Calling the driver')).toBeVisible();
  });

  test('shows no acknowledge or resolve buttons to a dispatcher or a viewer', async ({
    personPage,
  }) => {
    for (const role of ['dispatcher', 'viewer'] as const) {
      const page = new AlertsPage(await personPage());
      await page.open(CARS, demoKey(CARS, role));

      await expect(page.role).toHaveText(role);
      await expect(page.cards.first()).toBeVisible({ timeout: RAISED_WITHIN_MS });
      await expect(page.actionButtons()).toHaveCount(0);
      await expect(page.adminViews).toHaveCount(0);
    }
  });

  test("keeps an admin's new escalation delay for harsh braking after a reload", async ({
    page,
  }) => {
    const rules = new RulesPage(page);
    const fleet = 'austin-metrorapid';
    await rules.open(fleet, demoKey(fleet, 'admin'));
    await expect(rules.escalationDelay('Harsh braking')).toHaveText('5 min');

    await rules.setEscalationMinutes('Harsh braking', 7);
    await expect(rules.dialog).toBeHidden();
    await expect(rules.escalationDelay('Harsh braking')).toHaveText('7 min');
    await page.reload();
    await expect(rules.escalationDelay('Harsh braking')).toHaveText('7 min');

    await rules.reset('Harsh braking');
    await expect(rules.escalationDelay('Harsh braking')).toHaveText('5 min');
  });
});
