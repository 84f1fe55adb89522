/**
 * `npm run bench:shutdown`: how long a graceful stop takes. Each run: the companion server (its own
 * process, SQLite, then PostgreSQL) with BENCH_STREAMS live-status streams open, then SIGTERM. The
 * clock runs from the signal to the last stream's end (each has its final event with `retry`) and
 * to the process's exit (HTTP drained, outbox and reconciliation stopped, database closed).
 */
import { DIALECTS } from '../helpers/databases.js'
import {
  createBenchDatabase,
  createCheckout,
  machineDescription,
  markdownTable,
  median,
  percentile,
  startCompanionServer,
} from './shared.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 10)
const STREAMS = Number(process.env.BENCH_STREAMS ?? 50)

const rows: (string | number)[][] = []
for (const dialect of DIALECTS) {
  const streamsEnded: number[] = []
  const exited: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const database = await createBenchDatabase(dialect)
    const server = await startCompanionServer(database.url, { PAY_LOG_LEVEL: 'error' })
    const checkout = await createCheckout(server.url, { amount: '5.00', currency: 'USD' })
    const streams = await Promise.all(
      Array.from({ length: STREAMS }, async () => {
        const response = await fetch(`${server.url}/v1/client/checkout/events`, { headers: { 'x-client-secret': checkout.client_secret } })
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
        let text = ''
        while (!text.includes('\n\n')) text += (await reader.read()).value ?? ''
        return reader
      }),
    )
    const ends = streams.map(async (reader) => {
      let text = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        text += value
      }
      if (!text.includes('retry: ')) throw new Error('a stream ended without its retry hint')
      return performance.now()
    })
    const signalledAt = performance.now()
    await server.stop() // SIGTERM, then waits for the exit
    exited.push(performance.now() - signalledAt)
    streamsEnded.push(Math.max(...(await Promise.all(ends))) - signalledAt)
    await database.dispose()
  }
  const ms = (values: number[], p: number) => percentile(values, p).toFixed(0)
  rows.push([dialect, STREAMS, RUNS, ms(streamsEnded, 50), ms(streamsEnded, 100), median(exited).toFixed(0), ms(exited, 100)])
}

process.stdout.write(
  `${markdownTable(
    ['database', 'open streams', 'runs', 'last stream ended, median ms', 'max ms', 'process exited, median ms', 'max ms'],
    rows,
  )}\n\n${machineDescription()}\n`,
)
