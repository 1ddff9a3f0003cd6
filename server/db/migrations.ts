import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * Migrations in code, written with the schema builder so the same list runs
 * on SQLite and PostgreSQL. Append only: a shipped migration never changes.
 */
const migrations: Record<string, Migration> = {
  '0001_core': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('fleets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('vehicles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('fleet_id', 'text', (c) => c.notNull().references('fleets.id'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('time_scale', 'double precision', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('vehicles_fleet')
        .on('vehicles')
        .column('fleet_id')
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();

      await db.schema
        .createTable('api_key_fleets')
        .addColumn('key_id', 'text', (c) => c.notNull().references('api_keys.id'))
        .addColumn('fleet_id', 'text', (c) => c.notNull().references('fleets.id'))
        .addPrimaryKeyConstraint('api_key_fleets_pk', ['key_id', 'fleet_id'])
        .execute();

      await db.schema
        .createTable('positions')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('vehicle_id', 'text', (c) => c.notNull())
        .addColumn('device_time', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('lat', 'double precision', (c) => c.notNull())
        .addColumn('lon', 'double precision', (c) => c.notNull())
        .addColumn('speed_kmh', 'double precision')
        .addColumn('heading', 'double precision')
        .addColumn('accuracy_m', 'double precision')
        .addColumn('altitude_m', 'double precision')
        .addColumn('trip_id', 'text')
        .addColumn('route_id', 'text')
        .addColumn('odometer_km', 'double precision')
        .addColumn('engine_rpm', 'double precision')
        .addColumn('engine_load', 'double precision')
        .addColumn('engine_temp', 'double precision')
        .addColumn('fuel_level', 'double precision')
        .execute();
      // One row per device and device time: re-sent batches are no-ops.
      await db.schema
        .createIndex('positions_vehicle_time')
        .on('positions')
        .columns(['vehicle_id', 'device_time'])
        .unique()
        .execute();
      await db.schema
        .createIndex('positions_time')
        .on('positions')
        .column('device_time')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['positions', 'api_key_fleets', 'api_keys', 'vehicles', 'fleets']) {
        await sql`drop table if exists ${sql.table(t)}`.execute(db);
      }
    },
  },
  '0002_fleet_metrics': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('fleet_metrics')
        .addColumn('fleet_id', 'text', (c) => c.notNull())
        .addColumn('period_end', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('fleet_metrics_pk', ['fleet_id', 'period_end'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('fleet_metrics').ifExists().execute();
    },
  },
  '0003_fleet_settings': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('fleet_settings')
        .addColumn('fleet_id', 'text', (c) => c.primaryKey())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('fleet_settings').ifExists().execute();
    },
  },
  '0004_positions_trip': {
    async up(db: Kysely<unknown>) {
      // GET /v1/trips/{id}/track looks positions up by trip id.
      await db.schema
        .createIndex('positions_trip')
        .on('positions')
        .columns(['trip_id', 'device_time'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('positions_trip').ifExists().execute();
    },
  },
  '0005_alerts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('fleet_id', 'text', (c) => c.notNull())
        .addColumn('vehicle_id', 'text', (c) => c.notNull())
        .addColumn('driver_id', 'text')
        .addColumn('trip_id', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('location', 'text')
        .addColumn('event_data', 'text', (c) => c.notNull())
        .addColumn('recommended_actions', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('occurrences', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('raised_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('acknowledged_by', 'text')
        .addColumn('acknowledged_at', 'text')
        .addColumn('acknowledged_note', 'text')
        .addColumn('resolved_by', 'text')
        .addColumn('resolved_at', 'text')
        .addColumn('resolved_note', 'text')
        .addColumn('auto_resolved', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // The database itself holds "one open alert per vehicle and category",
      // so no interleaving of writers can open a second one.
      await sql`create unique index alerts_open
        on alerts (fleet_id, vehicle_id, category)
        where status <> 'resolved'`.execute(db);
      await db.schema
        .createIndex('alerts_fleet_raised')
        .on('alerts')
        .columns(['fleet_id', 'raised_at'])
        .execute();

      await db.schema
        .createTable('alert_audit')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
        .addColumn('fleet_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('request_id', 'text')
        .execute();
      await db.schema
        .createIndex('alert_audit_fleet')
        .on('alert_audit')
        .columns(['fleet_id', 'id'])
        .execute();

      await db.schema
        .createTable('alert_requests')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('alert_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('answer', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('alert_requests_pk', ['actor', 'alert_id', 'request_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['alert_requests', 'alert_audit', 'alerts']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
