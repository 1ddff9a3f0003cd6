import type { Locator, Page } from '@playwright/test';

/** The alert rules table of the alerts page (admins) and its edit dialog. */
export class RulesPage {
  readonly table: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table');
    this.dialog = page.getByRole('dialog');
  }

  async open(fleetId: string, key: string): Promise<void> {
    await this.page.goto(`/fleet/${fleetId}/alerts?view=rules#key=${key}`);
  }

  /** The table row of a rule, by its name as shown ("Harsh braking"). */
  row(name: string): Locator {
    return this.table.getByRole('row').filter({
      has: this.page.getByRole('rowheader', { name: new RegExp(`^${name}\\b`) }),
    });
  }

  escalationDelay(name: string): Locator {
    return this.row(name).getByTestId('escalation-delay');
  }

  async setEscalationMinutes(name: string, minutes: number): Promise<void> {
    await this.row(name)
      .getByRole('button', { name: `Edit ${name}` })
      .click();
    await this.dialog.getByLabel('Escalate after (minutes)').fill(String(minutes));
    await this.dialog.getByRole('button', { name: 'Save rule' }).click();
  }

  async reset(name: string): Promise<void> {
    await this.row(name)
      .getByRole('button', { name: `Reset ${name} to default` })
      .click();
  }
}
