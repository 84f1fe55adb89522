import { CompiledQuery, type Transaction } from 'kysely'
import type { Database, Db } from './schema.js'

export type TransactionWork<T> = (trx: Transaction<Database>) => Promise<T>

/**
 * Runs `work` in a transaction of its own: all of its writes commit, or none do, and the promise
 * settles only after the COMMIT. On a database given to `enableGroupCommit` (SQLite), concurrent
 * calls share one transaction and one COMMIT, each in a savepoint of its own (see `GroupCommit`).
 * `work` must use only `trx` (never the outer `db`, nor `runTransaction` again: both would wait for
 * this very transaction), await every query it starts, and not keep `trx` once it returns.
 */
export function runTransaction<T>(db: Db, work: TransactionWork<T>): Promise<T> {
  const group = groupCommits.get(db)
  return group ? group.run(work) : db.transaction().execute(work)
}

const groupCommits = new WeakMap<Db, GroupCommit>()

/** Makes `runTransaction` on `db` group its calls; for a database with one connection (SQLite). */
export function enableGroupCommit(db: Db): void {
  groupCommits.set(db, new GroupCommit(db))
}

/** More members would hold the one connection (and every reader waiting for it) longer for little fsync saved. */
const MAX_GROUP_SIZE = 64

// One savepoint name will do: members run one after another, each releasing its savepoint before the next begins.
const SAVEPOINT = CompiledQuery.raw('savepoint group_member')
const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('rollback to savepoint group_member')
const RELEASE_SAVEPOINT = CompiledQuery.raw('release savepoint group_member')

interface Member {
  work: TransactionWork<unknown>
  resolve(value: unknown): void
  reject(error: unknown): void
  /** Set when the member's savepoint is released (`done`) or rolled back. */
  outcome?: { done: true; value: unknown } | { done: false; error: unknown }
}

/**
 * Group commit for SQLite with synchronous=FULL, where every COMMIT waits for an fsync and the
 * fsync, not the SQL, is most of a small transaction's time. Calls wait for the next group; a group
 * is one transaction in which the members run one after another, each in a savepoint: a member that
 * throws is rolled back to its savepoint alone and gets its own error, and the members after it see
 * none of its writes. One COMMIT ends the group and only then is anyone answered, so no caller acts
 * on a write that could still be lost; a failed COMMIT (or a transaction SQLite itself rolled back)
 * fails every member of the group. Reads and transactions outside the group wait for the one
 * connection as they always did, so they never see a member's write before its COMMIT.
 */
class GroupCommit {
  private readonly waiting: Member[] = []
  private scheduled = false

  constructor(private readonly db: Db) {}

  run<T>(work: TransactionWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject })
      this.schedule()
    })
  }

  /**
   * better-sqlite3 runs a whole transaction, fsync included, without giving the event loop a turn:
   * a call would always find the previous transaction finished and no one to share it with. So a
   * group starts once the event loop has taken in what is ready (requests that arrived while the
   * last COMMIT blocked it), and everyone those calls bring is in it.
   */
  private schedule(): void {
    if (this.scheduled || !this.waiting.length) return
    this.scheduled = true
    setImmediate(() => void this.commitGroup())
  }

  private async commitGroup(): Promise<void> {
    // Taken before BEGIN, so that a transaction that cannot even start still answers someone.
    const group = this.waiting.splice(0, MAX_GROUP_SIZE)
    try {
      await this.db.transaction().execute(async (trx) => {
        for (let i = 0; i < group.length; i++) {
          await runMember(trx, group[i]!)
          // Calls made meanwhile (a retry, a caller's next step) join rather than wait for the COMMIT.
          if (i === group.length - 1) group.push(...this.waiting.splice(0, MAX_GROUP_SIZE - group.length))
        }
      })
    } catch (error) {
      // Nothing of the group was committed: whoever had not failed on its own fails with the transaction.
      for (const member of group) if (member.outcome?.done !== false) member.outcome = { done: false, error }
    }
    for (const { outcome, resolve, reject } of group) {
      if (outcome?.done) resolve(outcome.value)
      else reject(outcome?.error)
    }
    this.scheduled = false
    this.schedule()
  }
}

async function runMember(trx: Transaction<Database>, member: Member): Promise<void> {
  await trx.executeQuery(SAVEPOINT)
  try {
    const value = await member.work(trx)
    await trx.executeQuery(RELEASE_SAVEPOINT)
    member.outcome = { done: true, value }
  } catch (error) {
    member.outcome = { done: false, error }
    // Should this fail too, the transaction itself is gone (SQLite rolls back on I/O errors): it fails the group.
    await trx.executeQuery(ROLLBACK_TO_SAVEPOINT)
    await trx.executeQuery(RELEASE_SAVEPOINT)
  }
}
