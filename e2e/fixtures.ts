import fs from 'node:fs';
import { test as base, type Page } from '@playwright/test';
import type { Role } from '../lib/protocol';

/** Where scripts/e2e-server.mjs keeps the server's data. */
const KEYS_FILE = '.cache/e2e-data/demo-keys.json';

/** The e2e server's demo keys: fleet id → role → key. */
export function demoKeys(): Record<string, Partial<Record<Role, string>>> {
  return JSON.parse(fs.readFileSync(KEYS_FILE, 'utf8')) as Record<
    string,
    Partial<Record<Role, string>>
  >;
}

/** One demo key; fails the test at once when the server made none. */
export function demoKey(fleetId: string, role: Role): string {
  const key = demoKeys()[fleetId]?.[role];
  if (!key) throw new Error(`the e2e server made no ${role} key for ${fleetId}`);
  return key;
}

/**
 * `personPage()`: a page in a browser context of its own, as a second
 * person at another screen would have (own storage, own key). Every
 * context is closed when the test ends, passed or not: a wall display
 * left running keeps drawing and slows every test after it.
 */
export const test = base.extend<{ personPage: () => Promise<Page> }>({
  personPage: async ({ browser }, provide) => {
    const contexts: Array<Awaited<ReturnType<typeof browser.newContext>>> = [];
    await provide(async () => {
      const context = await browser.newContext();
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((c) => c.close()));
  },
});

export { expect } from '@playwright/test';
