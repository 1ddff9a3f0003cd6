import { randomBytes } from 'node:crypto';
import type { Db } from './open';

/**
 * Returns the secret `name`, generating and storing it on first use. Two
 * nodes starting together on one database may both generate one: the
 * insert that loses is ignored and both read back the winner, so every
 * node ends up with the same secret.
 */
export async function sharedSecret(db: Db, name: string, bytes = 32): Promise<Buffer> {
  const stored = await readSecret(db, name);
  if (stored) return stored;

  await db
    .insertInto('server_secrets')
    .values({
      name,
      value: randomBytes(bytes).toString('base64url'),
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const created = await readSecret(db, name);
  if (!created) throw new Error(`The secret ${name} could not be stored`);
  return created;
}

async function readSecret(db: Db, name: string): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? Buffer.from(row.value, 'base64url') : undefined;
}
