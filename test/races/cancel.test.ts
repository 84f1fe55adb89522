import { afterEach, describe, expect, it } from 'vitest'
import { paymentToken } from '../../server/providers/ccbill/test-support/widget-client.js'
import type { Json } from '../helpers/app.js'
import { DIALECTS } from '../helpers/databases.js'
import { eventually } from '../helpers/wait.js'
import { createRaceApp, type RaceApp } from './support.js'

/**
 * The merchant's cancel against a payment being started at the same moment. Whichever the database
 * decides came first wins: a payment started first makes the cancel withdraw it (a NICEPAY code) or
 * wait (a card charge); a cancel first means no address, URL, code or charge is handed out. Money
 * that reaches a canceled checkout anyway is recorded and announced, never silent.
 */

const USDT_TRC20 = '8e5741cf-6e51-4892-9d04-3d40e1dd0128'
const PAYER = { store: 'indomaret', name: 'Budi Santoso', phone: '0812 3456 7890', email: 'budi@example.id' }

describe.each(DIALECTS)('cancel against a payment starting on %s', (dialect) => {
  let t: RaceApp
  afterEach(() => t.dispose())

  const paymentRow = (checkoutId: string, status: string) =>
    eventually(async () => {
      const row = await t.database.db
        .selectFrom('payments')
        .selectAll()
        .where('checkout_id', '=', checkoutId)
        .where('status', '=', status)
        .executeTakeFirst()
      expect(row).toBeDefined()
      return row!
    }, 10_000)

  describe.each([
    ['native', '/crypto/deposits', { token_id: USDT_TRC20 }],
    ['hosted', '/crypto/hosted', {}],
  ] as const)('crypto (%s)', (_kind, route, body) => {
    it('hands out nothing when the cancel lands while CCPayment creates the order, and announces money paid to it anyway', async () => {
      t = await createRaceApp(dialect)
      const created = await t.createCheckout({ amount: '10.00', currency: 'USD', methods: ['crypto'] })
      await t.sim('ccpayment', '/control/faults', { latency_ms: 800 })
      const starting = t.client(route, created.client_secret, body)
      // The deposit has claimed its order and waits on CCPayment: now the merchant cancels.
      const order = await paymentRow(created.id, 'creating')
      const canceled = await t.cancel(created.id)
      expect(canceled.status).toBe(200)
      expect(((await canceled.json()) as Json).status).toBe('canceled')

      const started = await starting
      expect(started.status).toBe(409)
      expect(((await started.json()) as Json).error.code).toBe('checkout_not_payable')
      expect((await (await t.client('/crypto/deposit', created.client_secret)).json()) as Json).toBeNull()
      expect((await paymentRow(created.id, 'abandoned')).id).toBe(order.id)

      // Nobody saw the order, but money reaches it at CCPayment all the same.
      await t.sim('ccpayment', '/control/faults', undefined, 'DELETE')
      await payInFull(order.provider_reference)
      await eventually(async () => expect((await t.checkout(created.id)).amount_paid).toBe('10.00'))
      expect((await t.checkout(created.id)).status).toBe('canceled')
      expect(await t.events(created.id)).toEqual(['checkout.canceled', 'checkout.payment_after_cancel'])
    })
  })

  /** Pays a CCPayment order in full at the simulator; a hosted order first gets its coin, as the payer picks it on the page. */
  async function payInFull(reference: string) {
    const order: Json = await t.sim('ccpayment', `/control/orders/${reference}`)
    if (order.kind === 'hosted') {
      const form = (body: string) =>
        t.app.request(`/sandbox/ccpayment/pay/${order.key}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        })
      expect((await form(`token_id=${USDT_TRC20}`)).status).toBe(303)
      expect((await form('fraction=1')).status).toBe(303)
    } else {
      await t.sim('ccpayment', `/control/orders/${reference}/pay`, {})
    }
  }

  it('cancels a crypto checkout whose address is out, and announces a payment that arrives afterwards', async () => {
    t = await createRaceApp(dialect)
    const created = await t.createCheckout({ amount: '10.00', currency: 'USD', methods: ['crypto'] })
    const deposit = await t.client('/crypto/deposits', created.client_secret, { token_id: USDT_TRC20 })
    expect(deposit.status).toBe(201)
    const order = await paymentRow(created.id, 'active')
    expect((await t.cancel(created.id)).status).toBe(200)
    await t.sim('ccpayment', `/control/orders/${order.provider_reference}/pay`, {})
    await eventually(async () => expect((await t.checkout(created.id)).amount_paid).toBe('10.00'))
    expect(await t.checkout(created.id)).toMatchObject({ status: 'canceled', amount_paid: '10.00' })
    expect(await t.events(created.id)).toEqual(['checkout.pending', 'checkout.canceled', 'checkout.payment_after_cancel'])
    // The merchant's event carries the checkout with the money on it and the payment that brought it.
    const announced = await t.database.db
      .selectFrom('outbox')
      .select('payload')
      .where('checkout_id', '=', created.id)
      .where('type', '=', 'checkout.payment_after_cancel')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(announced.payload).data).toMatchObject({ status: 'canceled', amount_paid: '10.00', payments: [{ method: 'crypto' }] })
  })

  it('withdraws a NICEPAY code being registered when the cancel lands first; the payer gets none', async () => {
    t = await createRaceApp(dialect)
    const created = await t.createCheckout({ amount: '150000', currency: 'IDR' })
    await t.sim('nicepay', '/control/faults', { latency_ms: 800 })
    const registering = t.client('/cvs/payment', created.client_secret, PAYER)
    await paymentRow(created.id, 'registering')
    expect((await t.cancel(created.id)).status).toBe(200)

    const answer = await registering
    expect(answer.status).toBe(409)
    expect(((await answer.json()) as Json).error.code).toBe('checkout_not_payable')
    await t.sim('nicepay', '/control/faults', undefined, 'DELETE')
    const [registered]: Json[] = await t.sim('nicepay', '/control/transactions')
    expect(registered.status).toBe('4') // cancelled at NICEPAY: no store takes it
    const atStore = await t.app.request('/sandbox/nicepay/store/pay', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payNo: registered.payNo }),
    })
    expect(atStore.status).toBe(409)
    expect(await t.checkout(created.id)).toMatchObject({ status: 'canceled', amount_paid: '0' })
    expect(await t.events(created.id)).toEqual(['checkout.canceled'])
  })

  it('cancels an issued NICEPAY code at NICEPAY before canceling the checkout', async () => {
    t = await createRaceApp(dialect)
    const created = await t.createCheckout({ amount: '150000', currency: 'IDR' })
    const { payment } = (await (await t.client('/cvs/payment', created.client_secret, PAYER)).json()) as Json
    expect((await t.cancel(created.id)).status).toBe(200)
    const [registered]: Json[] = await t.sim('nicepay', '/control/transactions')
    expect(registered).toMatchObject({ payNo: payment.pay_no, status: '4' })
    expect((await (await t.client('/cvs/payment', created.client_secret)).json()) as Json).toMatchObject({ payment: { status: 'expired' } })
    expect(await t.events(created.id)).toEqual(['checkout.pending', 'checkout.canceled'])
  })

  it('refuses the cancel of a code the payer has just paid at the store, and takes the payment', async () => {
    t = await createRaceApp(dialect)
    const created = await t.createCheckout({ amount: '150000', currency: 'IDR' })
    const { payment } = (await (await t.client('/cvs/payment', created.client_secret, PAYER)).json()) as Json
    // The store takes the money, but its notification does not reach us.
    await t.sim('nicepay', '/control/faults', { notification_token: 'bad', notification_retry_delays_ms: [] })
    await t.sim('nicepay', '/store/pay', { payNo: payment.pay_no })
    expect((await t.checkout(created.id)).status).toBe('pending')

    const refused = await t.cancel(created.id)
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as Json).error.code).toBe('checkout_not_cancelable')
    expect(await t.checkout(created.id)).toMatchObject({ status: 'paid', amount_paid: '150000' })
    expect(await t.events(created.id)).toEqual(['checkout.pending', 'checkout.paid'])
  })

  it('holds the cancel while a card charge is in flight, and refuses a charge after the cancel', async () => {
    t = await createRaceApp(dialect)
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['card'] })
    await t.sim('ccbill', '/control/faults', { latency_ms: 800 })
    const token = await paymentToken(t)
    const charging = t.client('/card/charge', created.client_secret, { payment_token_id: token })
    await eventually(async () => expect(await t.count('ccbill_charges')).toBe(1), 10_000)
    const held = await t.cancel(created.id)
    expect(held.status).toBe(409)
    expect(((await held.json()) as Json).error.code).toBe('charge_in_progress')
    expect(((await (await charging).json()) as Json).charge.status).toBe('approved')
    expect((await t.cancel(created.id)).status).toBe(409) // paid: nothing to cancel

    // A declined card leaves the checkout cancelable; after the cancel no card is charged.
    await t.sim('ccbill', '/control/faults', undefined, 'DELETE')
    const other = await t.createCheckout({ amount: '19.90', currency: 'USD', methods: ['card'] })
    const declined = await t.client('/card/charge', other.client_secret, { payment_token_id: await paymentToken(t, '4000000000000002') })
    expect(((await declined.json()) as Json).charge.status).toBe('declined')
    expect((await t.cancel(other.id)).status).toBe(200)
    const late = await t.client('/card/charge', other.client_secret, { payment_token_id: await paymentToken(t) })
    expect(late.status).toBe(409)
    expect(((await late.json()) as Json).error.code).toBe('checkout_not_payable')
    expect(await t.events(other.id)).toEqual(['checkout.pending', 'checkout.canceled'])
  })

  it('cancels once when the merchant sends five cancels at once', async () => {
    t = await createRaceApp(dialect)
    const created = await t.createCheckout({ amount: '19.90', currency: 'USD' })
    const answers = await Promise.all(Array.from({ length: 5 }, () => t.cancel(created.id)))
    // Those that overlapped the winner answer with the canceled checkout; any that came after it, 409.
    expect(answers.map((r) => r.status)).toContain(200)
    for (const answer of answers) {
      const body = (await answer.json()) as Json
      if (answer.status === 200) expect(body.status).toBe('canceled')
      else expect([answer.status, body.error.code]).toEqual([409, 'checkout_not_cancelable'])
    }
    expect(await t.events(created.id)).toEqual(['checkout.canceled'])
  })
})
