import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
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
