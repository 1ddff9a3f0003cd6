import { expect, type Locator, type Page } from '@playwright/test';

/** The alerts page's queue: filters, alert cards and the action dialog. */
export class AlertsPage {
  readonly queue: Locator;
  readonly cards: Locator;
  readonly dialog: Locator;
  readonly role: Locator;
  readonly adminViews: Locator;

  constructor(readonly page: Page) {
    this.queue = page.getByRole('region', { name: 'Alert queue' });
    this.cards = this.queue.getByRole('article');
    this.dialog = page.getByRole('dialog');
    this.role = page.getByTitle("The role of this page's API key");
    this.adminViews = page.getByRole('navigation', { name: 'Alert views' });
  }

  async open(fleetId: string, key: string, view?: string): Promise<void> {
    const query = view ? `?view=${view}` : '';
    await this.page.goto(`/fleet/${fleetId}/alerts${query}#key=${key}`);
  }

  /** Lists only the severities named ("High", "Critical"). */
  async showOnly(...severities: string[]): Promise<void> {
    const group = this.page.getByRole('group', { name: 'Severity' });
    for (const name of severities) {
      const chip = group.getByRole('button', { name });
      await chip.click();
      await expect(chip).toHaveAttribute('aria-pressed', 'true');
    }
  }

  /** The first card of an alert nobody has acknowledged yet. */
  firstActive(): Locator {
    return this.cards.and(this.page.locator('[data-status="active"]')).first();
  }

  card(alertId: string): Locator {
    return this.cards.and(this.page.locator(`[data-alert-id="${alertId}"]`));
  }

  actionButtons(): Locator {
    return this.queue.getByRole('button', { name: /^(Acknowledge|Resolve)\b/ });
  }

  /**
   * Opens the acknowledge dialog of `card`, writes the note and sends it.
   * Returns as soon as the send button is clicked, so a caller can time
   * what happens next.
   */
  async acknowledge(card: Locator, note: string): Promise<void> {
    await card.getByRole('button', { name: /^Acknowledge\b/ }).click();
    await this.dialog.getByLabel('Note').fill(note);
    await this.dialog.getByRole('button', { name: 'Acknowledge', exact: true }).click();
  }
}
