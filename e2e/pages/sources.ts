import type { Locator, Page } from '@playwright/test';

/** The Sources page: health table, devices and the file import. */
export class SourcesPage {
  readonly navLink: Locator;
  readonly health: Locator;
  readonly devices: Locator;
  readonly importForm: Locator;
  readonly progress: Locator;
  readonly refusedRows: Locator;

  constructor(readonly page: Page) {
    const views = page.getByRole('navigation', { name: 'Fleet views' });
    this.navLink = views.getByRole('link', { name: 'Sources' });
    this.health = page.getByRole('table', { name: 'Health' });
    this.devices = page.getByRole('table', { name: 'Devices' });
    this.importForm = page.getByRole('form', { name: 'Import a file' });
    this.progress = page.getByRole('progressbar', { name: 'Upload' });
    this.refusedRows = page.getByRole('table', { name: 'Refused rows' });
  }

  async open(fleetId: string, key: string): Promise<void> {
    await this.page.goto(`/fleet/${fleetId}/sources#key=${key}`);
  }

  /** Registers a device through the form; resolves once it is listed. */
  async registerDevice(deviceId: string, vehicleId: string, label: string) {
    const form = this.page.getByRole('form', { name: 'Register a device' });
    await form.getByLabel('Device id').fill(deviceId);
    await form.getByLabel('Vehicle id').fill(vehicleId);
    await form.getByLabel('Label').fill(label);
    await form.getByRole('button', { name: 'Register device' }).click();
    await this.devices.getByRole('rowheader', { name: deviceId }).waitFor();
  }

  /** The count of fixes a source delivered and the server accepted. */
  accepted(source: string): Locator {
    return this.health
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: source }) })
      .getByRole('cell')
      .first();
  }

  async importFile(name: string, mimeType: string, text: string): Promise<void> {
    const buffer = Buffer.from(text, 'utf8');
    await this.importForm.getByLabel('File').setInputFiles({ name, mimeType, buffer });
    await this.importForm.getByRole('button', { name: 'Import' }).click();
  }
}
