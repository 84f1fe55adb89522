import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDatabase, type OpenDatabase } from '../../server/db/database.js'
import type { Dialect } from '../../server/db/schema.js'

/**
 * The databases every storage test runs against: SQLite always, PostgreSQL whenever one answers
 * (127.0.0.1:5432 here and in CI). With PAY_TEST_REQUIRE_POSTGRES=1 (set by CI) an unreachable
 * PostgreSQL fails the run instead of quietly testing SQLite alone.
 */
export const POSTGRES_URL = process.env.PAY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

const hasPostgres = await postgresReachable()
if (!hasPostgres && process.env.PAY_TEST_REQUIRE_POSTGRES === '1') {
  throw new Error(`PostgreSQL is required for this run but ${POSTGRES_URL} does not answer`)
}

export const DIALECTS: Dialect[] = hasPostgres ? ['sqlite', 'postgres'] : ['sqlite']

export interface TestDatabase extends OpenDatabase {
  /** The DATABASE_URL a separate process would use to reach the same data. */
  url: string
  dispose(): Promise<void>
}

/** A fresh, migrated database: a temporary SQLite file, or a throw-away PostgreSQL schema. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'pay-test-'))
    const url = `file:${join(dir, 'pay.sqlite')}`
    const database = await openDatabase(url)
    return {
      ...database,
      url,
      async dispose() {
        await database.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  await withSchemaLock((admin) => admin.query(`create schema ${schema}`))
  // Kysely's catalogue reads during migration fail if another worker drops its schema meanwhile.
  const database = await withSchemaLock(() => openDatabase(POSTGRES_URL, { searchPath: schema, poolSize: 5 }))
  return {
    ...database,
    url: `${POSTGRES_URL}?options=-c%20search_path%3D${schema}`,
    async dispose() {
      await database.close()
      await withSchemaLock((admin) => admin.query(`drop schema ${schema} cascade`))
    },
  }
}

/** Test workers create, migrate and drop schemas one at a time (a session advisory lock). */
async function withSchemaLock<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL })
  await admin.connect()
  try {
    await admin.query('select pg_advisory_lock(7370001)')
    return await work(admin)
  } finally {
    await admin.end() // ending the session releases the lock
  }
}
