import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/helpers/databases.js'
import { runTransaction } from './group-commit.js'
import type { DbOrTrx } from './schema.js'

const insert = (trx: DbOrTrx, name: string) => sql`insert into gc_items (name) values (${name})`.execute(trx)
const names = async (db: DbOrTrx) =>
  (await sql<{ name: string }>`select name from gc_items order by name`.execute(db)).rows.map((row) => row.name)

describe.each(DIALECTS)('runTransaction on %s', (dialect) => {
  let database: TestDatabase
  beforeEach(async () => {
    database = await createTestDatabase(dialect)
    await sql`create table gc_items (name text primary key)`.execute(database.db)
    await insert(database.db, 'seed')
  })
  afterEach(() => database.dispose())

  it('commits each call whole or not at all: a call that fails loses its own writes only', async () => {
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd', 'e'].map((name) =>
        runTransaction(database.db, async (trx) => {
          await insert(trx, name)
          await insert(trx, `${name}2`)
          if (name === 'b') throw new Error('b gives up')
          if (name === 'd') await insert(trx, 'seed') // a duplicate key
          return name
        }),
      ),
    )
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a',
      'b gives up',
      'c',
      expect.stringMatching(/unique|duplicate/i),
      'e',
    ])
    expect(await names(database.db)).toEqual(['a', 'a2', 'c', 'c2', 'e', 'e2', 'seed'])
  })

  it('hides the writes of a call that failed from the calls after it', async () => {
    const seen: string[][] = []
    const failing = runTransaction(database.db, async (trx) => {
      await insert(trx, 'undone')
      throw new Error('undone gives up')
    })
    const next = runTransaction(database.db, async (trx) => void seen.push(await names(trx)))
    await expect(failing).rejects.toThrow('undone gives up')
    await next
    expect(seen).toEqual([['seed']])
  })
})

describe('group commit on SQLite', () => {
  let database: TestDatabase
  /** A second connection to the same file: it sees only what is committed. */
  let observer: SQLite.Database
  const committed = () =>
    observer
      .prepare<[], { name: string }>('select name from gc_items order by name')
      .all()
      .map((r) => r.name)

  beforeEach(async () => {
    database = await createTestDatabase('sqlite')
    await sql`create table gc_items (name text primary key)`.execute(database.db)
    observer = new SQLite(database.url.slice('file:'.length), { readonly: true })
  })
  afterEach(async () => {
    observer.close()
    await database.dispose()
  })

  it('runs calls made together in one transaction and answers each only after its COMMIT', async () => {
    const inside: string[][] = []
    const committedAtAnswer: string[][] = []
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        runTransaction(database.db, async (trx) => {
          await insert(trx, name)
          inside.push(await names(trx))
          // The calls before this one are done, yet nothing of theirs is committed: one transaction.
          expect(committed()).toEqual([])
        }).then(() => committedAtAnswer.push(committed())),
      ),
    )
    expect(inside).toEqual([['a'], ['a', 'b'], ['a', 'b', 'c']])
    expect(committedAtAnswer).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ])
  })

  it('fails every call of a group whose COMMIT fails, and the next group commits', async () => {
    await sql`create table gc_parents (id integer primary key)`.execute(database.db)
    // Checked at COMMIT, not at the statement: the savepoint is released, the COMMIT then refuses.
    await sql`create table gc_children (id integer primary key, parent integer references gc_parents (id) deferrable initially deferred)`.execute(
      database.db,
    )
    const results = await Promise.allSettled([
      runTransaction(database.db, (trx) => insert(trx, 'before')),
      runTransaction(database.db, (trx) => sql`insert into gc_children (id, parent) values (1, 42)`.execute(trx)),
      runTransaction(database.db, (trx) => insert(trx, 'after')),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/)
    expect(committed()).toEqual([])
    await runTransaction(database.db, (trx) => insert(trx, 'later'))
    expect(committed()).toEqual(['later'])
  })

  it('lets a read or a transaction from outside the group in only after its COMMIT', async () => {
    const outside: { saw: string[]; committed: string[] }[] = []
    const record = (saw: Promise<string[]>) => saw.then((rows) => void outside.push({ saw: rows, committed: committed() }))
    let reads: Promise<void>[] = []
    await runTransaction(database.db, async (trx) => {
      await insert(trx, 'a')
      reads = [record(names(database.db)), record(database.db.transaction().execute((other) => names(other)))]
    })
    await Promise.all(reads)
    expect(outside).toEqual([
      { saw: ['a'], committed: ['a'] },
      { saw: ['a'], committed: ['a'] },
    ])
  })
})
