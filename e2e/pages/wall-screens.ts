import type { Locator, Page } from '@playwright/test';

/** The admin's wall screens page: wall tokens made, listed and revoked. */
export class WallScreensPage {
  readonly screen: Locator;
  readonly create: Locator;
  readonly link: Locator;
  readonly tokens: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByRole('textbox', { name: 'Screen' });
    this.create = page.getByRole('button', { name: 'Create wall link' });
    this.link = page.getByTestId('wall-link');
    this.tokens = page.getByRole('table', { name: 'Wall tokens' });
  }

  async open(fleetId: string, key: string): Promise<void> {
    await this.page.goto(`/fleet/${fleetId}/wall/screens#key=${key}`);
  }

  /** Makes a token for `label` and answers the wall link shown once. */
  async addScreen(label: string): Promise<string> {
    await this.screen.fill(label);
    await this.create.click();
    return (await this.link.textContent()) ?? '';
  }

  async revoke(label: string): Promise<void> {
    await this.page.getByRole('button', { name: `Revoke ${label}` }).click();
  }
}
