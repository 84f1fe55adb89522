import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import type { Database, Db, Dialect } from './schema.js'
import { enableGroupCommit } from './group-commit.js'
import { migrateToLatest } from './migrations.js'

export interface OpenDatabase {
  db: Db
  dialect: Dialect
  /** The pg pool, for LISTEN/NOTIFY; null on SQLite. */
  pool: pg.Pool | null
  close(): Promise<void>
}

const INT8_OID = 20

/**
 * Opens the database named by `url` and brings its schema up to date.
 * `file:PATH` → SQLite through better-sqlite3 in WAL mode; `postgres://…` → PostgreSQL through pg.
 */
export async function openDatabase(
  url: string,
  options: { poolSize?: number; searchPath?: string; onIdleError?: (error: Error) => void } = {},
): Promise<OpenDatabase> {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length)
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    const sqlite = new SQLite(path)
    // WAL: readers never block the writer; synchronous=FULL: a committed payment survives power loss.
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('foreign_keys = ON')
    // Other processes (a second server, a CLI) may hold the write lock briefly.
    sqlite.pragma('busy_timeout = 5000')
    // Kysely prepares each statement anew; better-sqlite3 statements are reusable, and the app runs
    // a small fixed set of SQL texts, so preparing each once saves a tenth of a webhook's CPU.
    const statements = new Map<string, SQLite.Statement>()
    const database = {
      close: () => void sqlite.close(),
      prepare(sql: string) {
        let statement = statements.get(sql)
        if (!statement) statements.set(sql, (statement = sqlite.prepare(sql)))
        return statement
      },
    }
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) })
    await migrateToLatest(db, 'sqlite')
    // One connection, one writer: concurrent checkout changes share a COMMIT (and its fsync).
    enableGroupCommit(db)
    return { db, dialect: 'sqlite', pool: null, close: () => db.destroy() }
  }

  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // int8 columns hold millisecond times; they fit a JS number exactly until the year 287396.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
    // A database host that drops packets must not hang start-up or a readiness check for ever.
    connectionTimeoutMillis: 10_000,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  })
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => options.onIdleError?.(error))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  try {
    await migrateToLatest(db, 'postgres')
  } catch (error) {
    await db.destroy() // the caller may try again with a fresh pool
    throw error
  }
  return { db, dialect: 'postgres', pool, close: () => db.destroy() }
}
