import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../../server/config.js'
import { createServer, type AddressInfo } from 'node:net'
import { StartError, startServer, type RunningServer } from '../../server/node.js'
import { SECRET_KEY } from '../helpers/app.js'
import { freePort } from '../helpers/wait.js'

/** The Node entry on a real socket: what the app sees of the caller survives extra routes served in front of it. */
describe('startServer', () => {
  let server: RunningServer | undefined
  let dir: string | undefined
  afterEach(async () => {
    await server?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it("passes the socket to the app behind `before`, so the payer's address is known", async () => {
    dir = mkdtempSync(join(tmpdir(), 'pay-node-'))
    const config = parseConfig({ PORT: String(await freePort()), DATABASE_URL: `file:${join(dir, 'pay.sqlite')}`, PAY_LOG_LEVEL: 'silent' })
    server = await startServer(config, {
      before: (request) => (new URL(request.url).pathname === '/extra' ? new Response('extra') : undefined),
    })
    expect(await (await fetch(`${server.url}/extra`)).text()).toBe('extra')

    const created = await fetch(`${server.url}/v1/checkouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: '10.00', currency: 'USD', methods: ['card'] }),
    })
    const { client_secret } = (await created.json()) as { client_secret: string }
    const session = await fetch(`${server.url}/v1/client/card/session`.replace('localhost', '127.0.0.1'), {
      method: 'POST',
      headers: { 'x-client-secret': client_secret },
    })
    expect(session.status).toBe(200)
    expect(await session.json()).toMatchObject({ ip_address: '127.0.0.1' })
  })

  it('answers requests the HTTP parser refuses with the JSON error shape', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pay-node-'))
    const config = parseConfig({ PORT: String(await freePort()), DATABASE_URL: `file:${join(dir, 'pay.sqlite')}`, PAY_LOG_LEVEL: 'silent' })
    server = await startServer(config)
    /** Sends raw bytes and returns everything the server wrote back before closing. */
    const raw = (bytes: string) =>
      new Promise<string>((resolve, reject) => {
        let answer = ''
        const socket = connect(server!.port, '127.0.0.1', () => socket.end(bytes))
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')))
        socket.on('close', () => resolve(answer))
        socket.on('error', reject)
      })
    const lastAnswer = (text: string) => text.slice(text.lastIndexOf('HTTP/1.1 '))
    const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { error: { code: string } }

    const tooLarge = lastAnswer(await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`))
    expect(tooLarge).toMatch(/^HTTP\/1\.1 431 /)
    expect(tooLarge).toMatch(/content-type: application\/json/i)
    expect(bodyOf(tooLarge).error.code).toBe('headers_too_large')

    // A body longer than its Content-Length: the rest is read as a next request, which is not HTTP.
    const overlong = await raw(
      'POST /v1/checkouts HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}garbage\r\n\r\n',
    )
    expect(overlong).toMatch(/^HTTP\/1\.1 401 /) // the first request, as the app answers it
    expect(lastAnswer(overlong)).toMatch(/^HTTP\/1\.1 400 /)
    expect(bodyOf(lastAnswer(overlong)).error.code).toBe('bad_request')
  })

  it('refuses to start, in one line naming PORT, when the port is taken', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pay-node-'))
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve))
    const port = (taken.address() as AddressInfo).port
    try {
      const config = parseConfig({ PORT: String(port), DATABASE_URL: `file:${join(dir, 'pay.sqlite')}`, PAY_LOG_LEVEL: 'silent' })
      await expect(startServer(config)).rejects.toThrow(new StartError(`cannot listen on PORT=${port} (EADDRINUSE)`))
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
  })
})
