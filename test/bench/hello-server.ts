/**
 * The baseline of `npm run bench:server`: a bare Hono app answering "hello", served by the same
 * adapter (@hono/node-server) in its own process, as the companion server is. It also acknowledges
 * the companion server's merchant webhooks, so the outbox is delivered somewhere real during the run.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()
  .get('/', (c) => c.text('hello'))
  .post('/merchant-webhooks', async (c) => {
    await c.req.text()
    return c.body(null, 204)
  })

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' })
process.once('SIGTERM', () => server.close(() => process.exit(0)))
