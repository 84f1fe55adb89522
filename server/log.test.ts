import { Writable } from 'node:stream'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { REDACTED_PATHS } from './log.js'

describe('REDACTED_PATHS', () => {
  it('keeps secrets and the cookies a site may send along out of log lines', () => {
    const lines: string[] = []
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) })
    const log = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink)
    log.warn({
      req: { headers: { authorization: 'Bearer sk_live_1', 'x-client-secret': 'cs_1', cookie: 'session=s1', accept: 'text/plain' } },
      headers: { cookie: 'session=s2' },
      client_secret: 'cs_2',
      checkout: { client_secret: 'cs_3' },
    })
    const line = lines.join('')
    for (const secret of ['sk_live_1', 'cs_1', 'session=s1', 'session=s2', 'cs_2', 'cs_3']) expect(line).not.toContain(secret)
    // What is not secret stays readable.
    expect(JSON.parse(line).req.headers.accept).toBe('text/plain')
  })
})
