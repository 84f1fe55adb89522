import { afterEach, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../test/helpers/databases.js'
import { createTestApp, readJson, type Json, type TestApp } from '../../test/helpers/app.js'

const USDT_TRC20 = '8e5741cf-6e51-4892-9d04-3d40e1dd0128'
const CATALOG = JSON.stringify([{ id: 'voucher', name: 'Voucher', price: '150000', currency: 'IDR', methods: ['cvs'] }])

/** What an `initial_state` carries: its payload is base64url JSON before the dot. */
const payloadOf = (state: string): Json => JSON.parse(Buffer.from(state.split('.')[0]!, 'base64url').toString())
const withPayload = (state: string, payload: Json) => `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${state.split('.')[1]}`

describe.each(DIALECTS)('first read and initial state on %s', (dialect) => {
  let t: TestApp
  afterEach(() => t.dispose())

  /** `POST /v1/client/bootstrap` as a page sends it: a simple request, text/plain, from an allowed origin. */
  const bootstrap = (body: unknown, contentType = 'text/plain;charset=UTF-8') =>
    t.app.request('/v1/client/bootstrap', {
      method: 'POST',
      headers: { 'content-type': contentType, origin: 'http://localhost:5173' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })

  it('answers a simple request with the checkout and each asked method’s first screen, readable cross-origin', async () => {
    t = await createTestApp(dialect)
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['crypto', 'card'] })
    const response = await bootstrap({ client_secret: created.client_secret, methods: ['crypto'] })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const reply = await readJson(response)
    expect(reply.checkout).toMatchObject({ id: created.id, status: 'open', amount: '19.90', version: 1 })
    expect(reply.crypto.deposit).toBeNull()
    expect(reply.crypto.coins.map((coin: Json) => coin.symbol)).toContain('USDT')
    expect(reply.crypto.coins[0].networks[0]).toMatchObject({
      token_id: expect.any(String),
      amount: expect.stringMatching(/^\d+(\.\d+)?$/),
    })
    // Asked for crypto only: the card's screen is left out; not asked at all: every method of the checkout.
    expect(reply).not.toHaveProperty('card')
    const all = await readJson(await bootstrap({ client_secret: created.client_secret }))
    expect(all.card).toEqual({ charge: null })
    expect(Object.keys(all).sort()).toEqual(['card', 'checkout', 'crypto'])
    // No answer of the browser API is stored by a cache, whichever route (the elements leave fetch's cache mode alone).
    const options = await t.app.request('/v1/client/crypto/options', { headers: { 'x-client-secret': created.client_secret } })
    expect(options.headers.get('cache-control')).toBe('no-store')
  })

  it('shows a deposit once one is started (and no coins then), and a method the checkout lacks not at all', async () => {
    t = await createTestApp(dialect)
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['crypto'] })
    const started = await t.app.request('/v1/client/crypto/deposits', {
      method: 'POST',
      headers: { 'x-client-secret': created.client_secret, 'content-type': 'application/json' },
      body: JSON.stringify({ token_id: USDT_TRC20 }),
    })
    expect(started.status).toBe(201)
    const reply = await readJson(await bootstrap({ client_secret: created.client_secret, methods: ['crypto', 'cvs', 'card'] }))
    expect(reply.checkout.status).toBe('pending')
    expect(reply.crypto).toMatchObject({ deposit: { kind: 'native', token_id: USDT_TRC20, address: expect.any(String) }, coins: null })
    expect(Object.keys(reply).sort()).toEqual(['checkout', 'crypto'])
  })

  it('refuses what is not a first read, naming the field, and reads nothing for a wrong secret', async () => {
    t = await createTestApp(dialect)
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD' })
    const wrong = await bootstrap({ client_secret: 'cs_' + 'x'.repeat(43) })
    expect(wrong.status).toBe(401)
    expect((await readJson(wrong)).error).toMatchObject({ code: 'invalid_client_secret', field: 'client_secret' })
    expect((await bootstrap({ client_secret: created.client_secret, methods: ['cash'] })).status).toBe(400)
    expect((await readJson(await bootstrap({ client_secret: created.client_secret, extra: 1 }))).error.code).toBe('invalid_request')
    expect((await bootstrap('{"client_secret":')).status).toBe(400)
    expect((await bootstrap({ client_secret: created.client_secret }, 'application/x-www-form-urlencoded')).status).toBe(415)
    // The same body as JSON is fine too (a server-side caller).
    expect((await bootstrap({ client_secret: created.client_secret }, 'application/json')).status).toBe(200)
  })

  it('gives the merchant a signed initial state that the server recognises, and rejects one altered or for another checkout', async () => {
    t = await createTestApp(dialect)
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['crypto', 'card'], description: 'Kaus – biru 👕' })
    const state = created.initial_state as string
    expect(state).toMatch(/^[\w-]+\.[\w-]+$/)
    // ASCII JSON (\u escapes), so that a browser decodes it with atob alone.
    expect(Buffer.from(state.split('.')[0]!, 'base64url').toString('latin1')).toMatch(/^[\x20-\x7e]+$/)
    const payload = payloadOf(state)
    expect(payload.checkout).toMatchObject({ id: created.id, status: 'open', amount: '19.90', description: 'Kaus – biru 👕', version: 1 })
    // The create never waits on CCPayment: no coin list at hand yet, so none in the state.
    expect(payload.crypto).toEqual({ deposit: null, coins: null })
    expect(payload.card).toEqual({ charge: null })
    expect(Date.parse(payload.issued_at)).toBeGreaterThan(Date.now() - 60_000)
    // Once a payer's read has fetched the list, the read reply's state (issued now) has the coins.
    await bootstrap({ client_secret: created.client_secret, methods: ['crypto'] })
    const read = payloadOf((await readJson(await t.merchant(`/v1/checkouts/${created.id}`))).initial_state)
    expect(read.checkout.id).toBe(created.id)
    expect(read.crypto.coins.map((coin: Json) => coin.symbol)).toContain('USDT')

    const confirm = async (secret: string, initial_state: string) =>
      readJson(await bootstrap({ client_secret: secret, initial_state, methods: ['card'] }))
    expect((await confirm(created.client_secret, state)).initial_state).toBe('valid')
    const forged = withPayload(state, { ...payload, checkout: { ...payload.checkout, status: 'paid' } })
    const answer = await confirm(created.client_secret, forged)
    expect(answer.initial_state).toBe('invalid')
    expect(answer.checkout.status).toBe('open')
    const other = await t.createCheckout({ amount: '5.00', currency: 'USD', methods: ['card'] })
    expect((await confirm(other.client_secret, state)).initial_state).toBe('invalid')
    expect((await confirm(created.client_secret, 'not-a-state')).initial_state).toBe('invalid')
  })

  it('a replayed create returns a state issued now, from the checkout as it is', async () => {
    t = await createTestApp(dialect)
    const body = { amount: '19.90', currency: 'USD', methods: ['crypto'] }
    const create = () =>
      t.merchant('/v1/checkouts', { method: 'POST', headers: { 'idempotency-key': 'order-1' }, body: JSON.stringify(body) })
    const first = await readJson(await create())
    await t.app.request('/v1/client/crypto/deposits', {
      method: 'POST',
      headers: { 'x-client-secret': first.client_secret, 'content-type': 'application/json' },
      body: JSON.stringify({ token_id: USDT_TRC20 }),
    })
    const replay = await create()
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    const payload = payloadOf((await readJson(replay)).initial_state)
    expect(payload.checkout.status).toBe('pending')
    expect(payload.crypto.deposit.token_id).toBe(USDT_TRC20)
  })

  it('a catalog checkout comes with the first screens asked for', async () => {
    t = await createTestApp(dialect, { env: { PAY_CATALOG: CATALOG } })
    const response = await t.app.request('/v1/client/checkouts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ product: 'voucher', methods: ['cvs'] }),
    })
    expect(response.status).toBe(201)
    const created = await readJson(response)
    expect(created.checkout).toMatchObject({ amount: '150000', currency: 'IDR' })
    expect(created.cvs).toEqual({ payment: null })
  })
})
