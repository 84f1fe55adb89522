import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'

/**
 * Schema migrations, the same for SQLite and PostgreSQL. Append new ones; never edit one that has
 * shipped. They run at start-up; Kysely's migration lock keeps two instances from racing.
 */
const migrations = (dialect: 'sqlite' | 'postgres'): Record<string, Migration> => ({
  '0001_checkouts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('checkouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('client_secret', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('reference', 'text')
        .addColumn('methods', 'text', (c) => c.notNull())
        .addColumn('customer', 'text')
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('subscription', 'text')
        .addColumn('product_id', 'text')
        .addColumn('amount_paid', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addCheckConstraint(
          'checkouts_status_known',
          sql`status in ('open','pending','underpaid','paid','overpaid','failed','expired','canceled','refunded')`,
        )
        .addCheckConstraint('checkouts_version_positive', sql`version >= 1`)
        .execute()
      // The expiry sweep looks only at checkouts that can still expire.
      await db.schema
        .createIndex('checkouts_expiring')
        .on('checkouts')
        .column('expires_at')
        .where(sql.ref('status'), 'in', ['open', 'pending', 'underpaid'])
        .execute()
      await db.schema.createIndex('checkouts_reference').on('checkouts').column('reference').execute()

      await db.schema
        .createTable('checkout_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('checkout_id', 'text', (c) => c.notNull().references('checkouts.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('cause', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('checkout_events_one_per_version', ['checkout_id', 'version'])
        .execute()

      await db.schema
        .createTable('payments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('checkout_id', 'text', (c) => c.notNull().references('checkouts.id'))
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('provider_reference', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('payments_provider_reference', ['provider', 'provider_reference'])
        .execute()
      await db.schema.createIndex('payments_checkout').on('payments').column('checkout_id').execute()

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('checkout_id', 'text', (c) => c.notNull().references('checkouts.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('lease_until', 'bigint')
        .addColumn('delivered_at', 'bigint')
        .addColumn('last_error', 'text')
        .execute()
      await db.schema
        .createIndex('outbox_undelivered')
        .on('outbox')
        .column('next_attempt_at')
        .where(sql.ref('delivered_at'), 'is', null)
        .execute()

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('response_status', 'integer')
        .addColumn('response_body', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
        .execute()
    },
  },
  '0002_provider_events': {
    async up(db: Kysely<unknown>) {
      // One row per provider event ever taken: the primary key is what makes a redelivered
      // webhook a no-op, in the same transaction as the change it caused.
      await db.schema
        .createTable('provider_events')
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('event_key', 'text', (c) => c.notNull())
        .addColumn('checkout_id', 'text', (c) => c.references('checkouts.id'))
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('provider_events_pk', ['provider', 'event_key'])
        .execute()
    },
  },
  '0004_nicepay': {
    async up(db: Kysely<unknown>) {
      // One NICEPAY payment code per checkout: of two concurrent requests for a code exactly one
      // registers it, the other finds its row (on every instance sharing the database).
      await db.schema
        .createIndex('payments_one_nicepay_per_checkout')
        .on('payments')
        .column('checkout_id')
        .unique()
        .where(sql.ref('provider'), '=', 'nicepay')
        .execute()
    },
  },
  '0005_ccbill': {
    async up(db: Kysely<unknown>) {
      // Card charge attempts at CCBill, one row per charge request sent (or about to be sent).
      await db.schema
        .createTable('ccbill_charges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('checkout_id', 'text', (c) => c.notNull().references('checkouts.id'))
        .addColumn('payment_token_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('threeds', 'integer', (c) => c.notNull())
        .addColumn('subscription_id', 'text')
        .addColumn('decline_code', 'text')
        .addColumn('decline_text', 'text')
        .addColumn('decline_reason', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addCheckConstraint('ccbill_charges_status_known', sql`status in ('charging','processing','approved','declined','failed')`)
        .execute()
      // Charge at most once: of all the attempts of a checkout, at most one may be in flight, of
      // unknown outcome or approved, on every instance sharing the database.
      await db.schema
        .createIndex('ccbill_charges_one_live_per_checkout')
        .on('ccbill_charges')
        .column('checkout_id')
        .unique()
        .where(sql.ref('status'), 'in', ['charging', 'processing', 'approved'])
        .execute()
      await db.schema.createIndex('ccbill_charges_payment_token').on('ccbill_charges').column('payment_token_id').execute()
    },
  },
  '0006_money_safety': {
    async up(db: Kysely<unknown>) {
      // A CCBill payment token belongs to the first checkout that charges it, decided by this key in
      // the transaction that claims the charge: its charges at CCBill are then that checkout's alone.
      await db.schema
        .createTable('ccbill_payment_tokens')
        .addColumn('payment_token_id', 'text', (c) => c.primaryKey())
        .addColumn('checkout_id', 'text', (c) => c.notNull().references('checkouts.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute()
      // `duplicate`: CCBill charged an attempt although another attempt had already paid the
      // checkout (an answer lost, then a retry). Money to give back, kept apart from the approval.
      const statuses = sql`status in ('charging','processing','approved','declined','failed','duplicate')`
      if (dialect === 'postgres') {
        await sql`alter table ccbill_charges drop constraint ccbill_charges_status_known`.execute(db)
        await sql`alter table ccbill_charges add constraint ccbill_charges_status_known check (${statuses})`.execute(db)
      } else {
        // SQLite cannot change a CHECK constraint: the table is rebuilt as SQLite documents.
        await db.schema
          .createTable('ccbill_charges_next')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('checkout_id', 'text', (c) => c.notNull().references('checkouts.id'))
          .addColumn('payment_token_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('threeds', 'integer', (c) => c.notNull())
          .addColumn('subscription_id', 'text')
          .addColumn('decline_code', 'text')
          .addColumn('decline_text', 'text')
          .addColumn('decline_reason', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addCheckConstraint('ccbill_charges_status_known', statuses)
          .execute()
        await sql`insert into ccbill_charges_next select id, checkout_id, payment_token_id, status, threeds, subscription_id,
          decline_code, decline_text, decline_reason, created_at, updated_at from ccbill_charges`.execute(db)
        await db.schema.dropTable('ccbill_charges').execute()
        await db.schema.alterTable('ccbill_charges_next').renameTo('ccbill_charges').execute()
        await db.schema
          .createIndex('ccbill_charges_one_live_per_checkout')
          .on('ccbill_charges')
          .column('checkout_id')
          .unique()
          .where(sql.ref('status'), 'in', ['charging', 'processing', 'approved'])
          .execute()
        await db.schema.createIndex('ccbill_charges_payment_token').on('ccbill_charges').column('payment_token_id').execute()
      }

      // Request counts of the limits that must hold across instances (PostgreSQL only; one SQLite
      // server counts in memory): one row per limit and key, for the key's current window.
      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('hits', 'integer', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('rate_limits_window').on('rate_limits').column('window_start').execute()
    },
  },
  '0008_operations': {
    async up(db: Kysely<unknown>) {
      // The merchant API lists checkouts and events newest first, optionally by status or checkout.
      // (On created_at alone: SQLite then keeps rows of the same millisecond in the order they were written.)
      await db.schema.createIndex('checkouts_created').on('checkouts').column('created_at').execute()
      await db.schema.createIndex('checkouts_status_created').on('checkouts').columns(['status', 'created_at']).execute()
      await db.schema.createIndex('outbox_created').on('outbox').column('created_at').execute()
      await db.schema.createIndex('outbox_checkout').on('outbox').columns(['checkout_id', 'created_at']).execute()
      // Reconciliation's bookkeeping per checkout: when to ask the provider next (backoff), and a
      // lease so that of several instances only one asks about a checkout at a time.
      await db.schema
        .createTable('reconciliations')
        .addColumn('checkout_id', 'text', (c) => c.primaryKey().references('checkouts.id'))
        .addColumn('checks', 'integer', (c) => c.notNull())
        .addColumn('next_check_at', 'bigint', (c) => c.notNull())
        .addColumn('lease_until', 'bigint')
        .addColumn('last_checked_at', 'bigint')
        .addColumn('last_outcome', 'text')
        .execute()
    },
  },
  '0009_provider_watches': {
    async up(db: Kysely<unknown>) {
      // While payers watch a checkout, its provider is asked at most once per interval, whichever
      // stream or instance asks: the row is claimed by a conditional upsert (see nicepay/watch.ts).
      await db.schema
        .createTable('provider_watches')
        .addColumn('checkout_id', 'text', (c) => c.primaryKey().references('checkouts.id'))
        .addColumn('asked_at', 'bigint', (c) => c.notNull())
        .execute()
    },
  },
})

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function migrator(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<Migrator> {
  // Kysely looks for its bookkeeping tables in every schema; name ours, or a second schema in the
  // same database (another deployment, a test) would make it skip creating them here.
  const migrationTableSchema =
    dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) }
  return new Migrator({ db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) })
}

/** The migrations this code knows that the database has not run (readiness: an older schema is not ready). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function pendingMigrations(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<string[]> {
  const all = await (await migrator(db, dialect)).getMigrations()
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name)
}

// Migrations run before the schema types describe the database, so they take an untyped handle.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  let outcome = await (await migrator(db, dialect)).migrateToLatest()
  // Kysely's Migrator reads the columns of every table in the database; another schema dropped
  // meanwhile (another deployment, a test) fails that read with 3F000. Nothing was migrated: try again.
  for (let retry = 1; retry <= 5 && (outcome.error as { code?: string } | undefined)?.code === '3F000'; retry++) {
    await new Promise((resolve) => setTimeout(resolve, 100 * retry))
    outcome = await (await migrator(db, dialect)).migrateToLatest()
  }
  const { error, results } = outcome
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    })
  }
}
