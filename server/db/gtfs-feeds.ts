import type { Db } from './open';
import type { GtfsFeedTable } from './schema';

export type GtfsFeedRow = GtfsFeedTable;

export async function listGtfsFeeds(db: Db): Promise<GtfsFeedRow[]> {
  return db.selectFrom('gtfs_feeds').selectAll().orderBy('fleet_id').execute();
}

/** Sets a fleet's feed, replacing the one it had. */
export async function saveGtfsFeed(db: Db, row: GtfsFeedRow): Promise<void> {
  const { fleet_id: _id, ...change } = row;
  await db
    .insertInto('gtfs_feeds')
    .values(row)
    .onConflict((oc) => oc.column('fleet_id').doUpdateSet(change))
    .execute();
}

/** Forgets a fleet's feed; false when it had none. */
export async function deleteGtfsFeed(db: Db, fleetId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('gtfs_feeds')
    .where('fleet_id', '=', fleetId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
