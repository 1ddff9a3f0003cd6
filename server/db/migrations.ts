import {
  sql,
  type ColumnDefinitionBuilder,
  type Expression,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/**
 * The migrations for one dialect. Append only: a shipped migration never
 * changes what it does on SQLite. The few column types SQLite and
 * PostgreSQL spell apart come from `typesOf`.
 */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrationsFor(typesOf(dialect))) };
}

interface ColumnTypes {
  /** Text compared and sorted by code point, as SQLite's BINARY does. */
  text: 'text' | Expression<unknown>;
  /** An integer key the database numbers itself. */
  serialKey: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
}

/**
 * SQLite gets what it always got. PostgreSQL sorts text by the database's
 * locale unless told otherwise, which would order ISO times, ids and
 * names unlike SQLite (and unlike each other between two locales):
 * collation "C" compares bytes. It has no AUTOINCREMENT; an identity
 * column is its counterpart.
 */
function typesOf(dialect: Dialect): ColumnTypes {
  if (dialect === 'sqlite') {
    return { text: 'text', serialKey: (c) => c.primaryKey().autoIncrement() };
  }
  return {
    text: sql`text collate "C"`,
    serialKey: (c) => c.primaryKey().generatedAlwaysAsIdentity(),
  };
}

/**
 * Migrations in code, written with the schema builder so the same list runs
 * on SQLite and PostgreSQL.
 */
function migrationsFor({ text, serialKey }: ColumnTypes): Record<string, Migration> {
  return {
    '0001_core': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('fleets')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('name', text, (c) => c.notNull())
          .addColumn('timezone', text, (c) => c.notNull())
          .addColumn('created_at', text, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('vehicles')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('fleet_id', text, (c) => c.notNull().references('fleets.id'))
          .addColumn('label', text, (c) => c.notNull())
          .addColumn('time_scale', 'double precision', (c) => c.notNull().defaultTo(1))
          .addColumn('created_at', text, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('vehicles_fleet')
          .on('vehicles')
          .column('fleet_id')
          .execute();

        await db.schema
          .createTable('api_keys')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('key_hash', text, (c) => c.notNull().unique())
          .addColumn('role', text, (c) => c.notNull())
          .addColumn('label', text, (c) => c.notNull())
          .addColumn('created_at', text, (c) => c.notNull())
          .addColumn('revoked_at', text)
          .execute();

        await db.schema
          .createTable('api_key_fleets')
          .addColumn('key_id', text, (c) => c.notNull().references('api_keys.id'))
          .addColumn('fleet_id', text, (c) => c.notNull().references('fleets.id'))
          .addPrimaryKeyConstraint('api_key_fleets_pk', ['key_id', 'fleet_id'])
          .execute();

        await db.schema
          .createTable('positions')
          .addColumn('id', 'integer', serialKey)
          .addColumn('vehicle_id', text, (c) => c.notNull())
          .addColumn('device_time', 'bigint', (c) => c.notNull())
          .addColumn('received_at', 'bigint', (c) => c.notNull())
          .addColumn('lat', 'double precision', (c) => c.notNull())
          .addColumn('lon', 'double precision', (c) => c.notNull())
          .addColumn('speed_kmh', 'double precision')
          .addColumn('heading', 'double precision')
          .addColumn('accuracy_m', 'double precision')
          .addColumn('altitude_m', 'double precision')
          .addColumn('trip_id', text)
          .addColumn('route_id', text)
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
        for (const t of [
          'positions',
          'api_key_fleets',
          'api_keys',
          'vehicles',
          'fleets',
        ]) {
          await sql`drop table if exists ${sql.table(t)}`.execute(db);
        }
      },
    },
    '0002_fleet_metrics': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('fleet_metrics')
          .addColumn('fleet_id', text, (c) => c.notNull())
          .addColumn('period_end', text, (c) => c.notNull())
          .addColumn('payload', text, (c) => c.notNull())
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
          .addColumn('fleet_id', text, (c) => c.primaryKey())
          .addColumn('settings', text, (c) => c.notNull())
          .addColumn('updated_at', text, (c) => c.notNull())
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
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('fleet_id', text, (c) => c.notNull())
          .addColumn('vehicle_id', text, (c) => c.notNull())
          .addColumn('driver_id', text)
          .addColumn('trip_id', text)
          .addColumn('channel', text, (c) => c.notNull())
          .addColumn('category', text, (c) => c.notNull())
          .addColumn('severity', text, (c) => c.notNull())
          .addColumn('location', text)
          .addColumn('event_data', text, (c) => c.notNull())
          .addColumn('recommended_actions', text, (c) => c.notNull())
          .addColumn('status', text, (c) => c.notNull())
          .addColumn('occurrences', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('raised_at', text, (c) => c.notNull())
          .addColumn('last_seen_at', text, (c) => c.notNull())
          .addColumn('acknowledged_by', text)
          .addColumn('acknowledged_at', text)
          .addColumn('acknowledged_note', text)
          .addColumn('resolved_by', text)
          .addColumn('resolved_at', text)
          .addColumn('resolved_note', text)
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
          .addColumn('id', 'integer', serialKey)
          .addColumn('alert_id', text, (c) => c.notNull().references('alerts.id'))
          .addColumn('fleet_id', text, (c) => c.notNull())
          .addColumn('action', text, (c) => c.notNull())
          .addColumn('actor', text, (c) => c.notNull())
          .addColumn('at', text, (c) => c.notNull())
          .addColumn('note', text)
          .addColumn('request_id', text)
          .execute();
        await db.schema
          .createIndex('alert_audit_fleet')
          .on('alert_audit')
          .columns(['fleet_id', 'id'])
          .execute();

        await db.schema
          .createTable('alert_requests')
          .addColumn('actor', text, (c) => c.notNull())
          .addColumn('request_id', text, (c) => c.notNull())
          .addColumn('alert_id', text, (c) => c.notNull())
          .addColumn('action', text, (c) => c.notNull())
          .addColumn('answer', text, (c) => c.notNull())
          .addColumn('created_at', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('alert_requests_pk', [
            'actor',
            'alert_id',
            'request_id',
          ])
          .execute();
      },
      async down(db: Kysely<unknown>) {
        for (const t of ['alert_requests', 'alert_audit', 'alerts']) {
          await db.schema.dropTable(t).ifExists().execute();
        }
      },
    },
    '0006_alert_rules': {
      async up(db: Kysely<unknown>) {
        // Only the rules an admin changed; a null column keeps the default
        // of lib/protocol/alert-rules.ts, so a better default reaches it.
        await db.schema
          .createTable('alert_rules')
          .addColumn('fleet_id', text, (c) => c.notNull())
          .addColumn('category', text, (c) => c.notNull())
          .addColumn('rule_group', text)
          .addColumn('severity', text)
          .addColumn('notify_channels', text)
          .addColumn('escalation_delay_s', 'integer')
          .addColumn('auto_resolve', 'integer')
          .addColumn('auto_resolve_after_s', 'integer')
          .addColumn('actions', text)
          .addColumn('updated_by', text, (c) => c.notNull())
          .addColumn('updated_at', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('alert_rules_pk', ['fleet_id', 'category'])
          .execute();

        await db.schema
          .createTable('alert_rule_audit')
          .addColumn('id', 'integer', serialKey)
          .addColumn('fleet_id', text, (c) => c.notNull())
          .addColumn('category', text, (c) => c.notNull())
          .addColumn('action', text, (c) => c.notNull())
          .addColumn('actor', text, (c) => c.notNull())
          .addColumn('at', text, (c) => c.notNull())
          .addColumn('changes', text)
          .execute();
        await db.schema
          .createIndex('alert_rule_audit_fleet')
          .on('alert_rule_audit')
          .columns(['fleet_id', 'id'])
          .execute();

        // SQLite adds one column per statement.
        const columns = [
          ['escalated_at', text],
          ['escalate_at', text],
          ['cleared_at', text],
          ['auto_resolve_at', text],
          ['opened_at', text],
        ] as const;
        await db.schema
          .alterTable('alerts')
          .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        for (const [name, type] of columns) {
          await db.schema.alterTable('alerts').addColumn(name, type).execute();
        }
        // The scheduler's two questions: what is due first, and what is due now.
        await sql`create index alerts_escalate_at on alerts (escalate_at)
        where escalate_at is not null`.execute(db);
        await sql`create index alerts_auto_resolve_at on alerts (auto_resolve_at)
        where auto_resolve_at is not null`.execute(db);

        await db.schema
          .alterTable('alert_audit')
          .addColumn('escalation_level', 'integer')
          .execute();
        await db.schema
          .createIndex('alert_requests_created')
          .on('alert_requests')
          .column('created_at')
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropIndex('alert_requests_created').ifExists().execute();
        await db.schema
          .alterTable('alert_audit')
          .dropColumn('escalation_level')
          .execute();
        await db.schema.dropIndex('alerts_auto_resolve_at').ifExists().execute();
        await db.schema.dropIndex('alerts_escalate_at').ifExists().execute();
        for (const c of [
          'opened_at',
          'auto_resolve_at',
          'cleared_at',
          'escalate_at',
          'escalated_at',
          'escalation_level',
        ]) {
          await db.schema.alterTable('alerts').dropColumn(c).execute();
        }
        for (const t of ['alert_rule_audit', 'alert_rules']) {
          await db.schema.dropTable(t).ifExists().execute();
        }
      },
    },
    '0007_notifications': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('notify_targets')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('fleet_id', text, (c) => c.notNull().references('fleets.id'))
          .addColumn('kind', text, (c) => c.notNull())
          .addColumn('address', text, (c) => c.notNull())
          // Kept in the clear: signing needs it (docs/ALERTS.md, Notifications).
          .addColumn('secret', text)
          .addColumn('tier', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('min_severity', text, (c) => c.notNull())
          .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('created_by', text, (c) => c.notNull())
          .addColumn('created_at', text, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('notify_targets_fleet')
          .on('notify_targets')
          .column('fleet_id')
          .execute();

        // No foreign key to the target: the log outlives a deleted target.
        await db.schema
          .createTable('notify_deliveries')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('target_id', text, (c) => c.notNull())
          .addColumn('fleet_id', text, (c) => c.notNull())
          .addColumn('alert_id', text)
          .addColumn('event', text, (c) => c.notNull())
          .addColumn('body', text, (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('status', text, (c) => c.notNull())
          .addColumn('next_attempt_at', text)
          .addColumn('last_error', text)
          .addColumn('last_status', 'integer')
          .addColumn('created_at', text, (c) => c.notNull())
          .addColumn('delivered_at', text)
          .execute();
        await db.schema
          .createIndex('notify_deliveries_fleet')
          .on('notify_deliveries')
          .columns(['fleet_id', 'created_at'])
          .execute();
        // The worker's one question: which pending delivery is due first.
        await sql`create index notify_deliveries_due
        on notify_deliveries (next_attempt_at)
        where status = 'pending'`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        for (const t of ['notify_deliveries', 'notify_targets']) {
          await db.schema.dropTable(t).ifExists().execute();
        }
      },
    },
    '0008_sources': {
      async up(db: Kysely<unknown>) {
        // A device id is global: an OsmAnd request names nothing else.
        await db.schema
          .createTable('devices')
          .addColumn('device_id', text, (c) => c.primaryKey())
          .addColumn('fleet_id', text, (c) => c.notNull().references('fleets.id'))
          .addColumn('vehicle_id', text, (c) => c.notNull())
          .addColumn('label', text, (c) => c.notNull())
          .addColumn('kind', text, (c) => c.notNull())
          .addColumn('created_by', text, (c) => c.notNull())
          .addColumn('created_at', text, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('devices_fleet')
          .on('devices')
          .column('fleet_id')
          .execute();

        // Apart from api_keys on purpose: an ingest key is never a principal,
        // so no read path can accept one (docs/SOURCES.md, Keys).
        await db.schema
          .createTable('ingest_keys')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('key_hash', text, (c) => c.notNull().unique())
          .addColumn('fleet_id', text, (c) => c.notNull().references('fleets.id'))
          .addColumn('label', text, (c) => c.notNull())
          .addColumn('created_by', text, (c) => c.notNull())
          .addColumn('created_at', text, (c) => c.notNull())
          .addColumn('revoked_at', text)
          .execute();

        await db.schema
          .createTable('gtfs_feeds')
          .addColumn('fleet_id', text, (c) => c.primaryKey().references('fleets.id'))
          .addColumn('url', text, (c) => c.notNull())
          .addColumn('interval_s', 'integer', (c) => c.notNull())
          .addColumn('vehicle_prefix', text, (c) => c.notNull().defaultTo(''))
          .addColumn('updated_by', text, (c) => c.notNull())
          .addColumn('updated_at', text, (c) => c.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        for (const t of ['gtfs_feeds', 'ingest_keys', 'devices']) {
          await db.schema.dropTable(t).ifExists().execute();
        }
      },
    },
    '0009_wall_tokens': {
      async up(db: Kysely<unknown>) {
        // The token itself is an api_keys row; this only marks it a wall's.
        await db.schema
          .createTable('wall_tokens')
          .addColumn('key_id', text, (c) => c.primaryKey().references('api_keys.id'))
          .addColumn('fleet_id', text, (c) => c.notNull().references('fleets.id'))
          .addColumn('label', text, (c) => c.notNull())
          .addColumn('created_by', text, (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('wall_tokens_fleet')
          .on('wall_tokens')
          .column('fleet_id')
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('wall_tokens').ifExists().execute();
      },
    },
    '0010_key_rotation': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('server_secrets')
          .addColumn('name', text, (c) => c.primaryKey())
          .addColumn('value', text, (c) => c.notNull())
          .addColumn('created_at', text, (c) => c.notNull())
          .execute();
        // A rotated key's old hash stays valid for a grace period.
        for (const table of ['api_keys', 'ingest_keys']) {
          await db.schema.alterTable(table).addColumn('previous_hash', text).execute();
          await db.schema.alterTable(table).addColumn('previous_until', text).execute();
          await db.schema
            .createIndex(`${table}_previous_hash`)
            .on(table)
            .column('previous_hash')
            .execute();
        }
      },
      async down(db: Kysely<unknown>) {
        for (const table of ['api_keys', 'ingest_keys']) {
          await db.schema.dropIndex(`${table}_previous_hash`).ifExists().execute();
          await db.schema.alterTable(table).dropColumn('previous_until').execute();
          await db.schema.alterTable(table).dropColumn('previous_hash').execute();
        }
        await db.schema.dropTable('server_secrets').ifExists().execute();
      },
    },
  };
}
