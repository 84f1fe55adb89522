import Big from 'big.js'
import { afterEach, describe, expect, it } from 'vitest'
import { ACCNUM, paymentToken, simCharges, type simControl } from '../../server/providers/ccbill/test-support/widget-client.js'
import type { Json } from '../helpers/app.js'
import { DIALECTS } from '../helpers/databases.js'
import { createRaceApp, type RaceApp } from './support.js'

/**
 * Card money under adversarial timing: one payment token offered to two checkouts at once while
 * CCBill's answers are lost, ten charges of one checkout at once, and what lost answers settle to.
 * The invariant every test ends on: what each checkout says it was paid is what CCBill charged for it.
 */

describe.each(DIALECTS)('card charges under racing requests on %s', (dialect) => {
  let t: RaceApp
  afterEach(() => t.dispose())

  const cardCheckout = (amount: string) => t.createCheckout({ amount, currency: 'USD', methods: ['card'] })
  const charge = (secret: string, token: string) => t.client('/card/charge', secret, { payment_token_id: token })
  const faults = (...list: Parameters<typeof simControl>[2][]) => Promise.all(list.map((f) => t.sim('ccbill', '/control/faults', f)))

  /** Each checkout's amount_paid equals the sum of the charges CCBill approved for it (by the checkout id it passed through). */
  async function expectPaidAsCharged(...ids: string[]) {
    const charges = (await simCharges(t)).filter((c) => c.approved)
    for (const id of ids) {
      const charged = charges.filter((c) => c.passThrough.checkout_id === id).reduce((sum, c) => sum.plus(c.amount), new Big(0))
      const checkout: Json = await t.checkout(id)
      expect(new Big(checkout.amount_paid).eq(charged), `${id}: paid ${checkout.amount_paid}, charged ${charged.toString()}`).toBe(true)
    }
  }

  it('gives one token to one checkout only, when two checkouts charge it at once and the answers are lost', async () => {
    t = await createRaceApp(dialect)
    await t.sim('ccbill', '/control/webhooks', { enabled: false })
    // The first charge request never reaches CCBill's books; a second would be charged with its answer lost.
    await faults({ fault: 'timeout_unprocessed', endpoint: 'charge' }, { fault: 'timeout', endpoint: 'charge' })
    const a = await cardCheckout('500.00')
    const b = await cardCheckout('1.00')
    const token = await paymentToken(t)

    const answers = await Promise.all([charge(a.client_secret, token), charge(b.client_secret, token)])
    const statuses = answers.map((r) => r.status).sort()
    expect(statuses).toEqual([202, 409])
    const refused: Json = await answers.find((r) => r.status === 409)!.json()
    expect(refused.error).toMatchObject({ code: 'payment_token_used', field: 'payment_token_id' })
    const [owner, other] = answers[0]!.status === 202 ? [a, b] : [b, a]
    // Only one request reached CCBill; the second fault is still queued for whatever charges next.
    await t.sim('ccbill', '/control/faults', undefined, 'DELETE')

    // CCBill never charged the owner's attempt: a read after the quiet period says so and frees it.
    expect((await (await t.client('/card/charge', owner.client_secret)).json()).charge.status).toBe('processing')
    t.clock.advance(15_000)
    expect((await (await t.client('/card/charge', owner.client_secret)).json()).charge).toMatchObject({
      status: 'declined',
      decline_reason: 'try_again',
    })
    await expectPaidAsCharged(a.id, b.id)
    expect((await t.checkout(owner.id)).status).toBe('pending')
    expect((await t.checkout(other.id)).status).toBe('open')

    // Both can still be paid, each with a token of its own, each for its own amount.
    expect((await (await charge(owner.client_secret, await paymentToken(t))).json()).charge.status).toBe('approved')
    expect((await (await charge(other.client_secret, await paymentToken(t))).json()).charge.status).toBe('approved')
    await expectPaidAsCharged(a.id, b.id)
    expect((await t.checkout(a.id)).amount_paid).toBe('500.00')
    expect((await t.checkout(b.id)).amount_paid).toBe('1.00')
  })

  it('credits a charge whose answer was lost to the checkout that owns the token, for the amount CCBill charged', async () => {
    t = await createRaceApp(dialect)
    await t.sim('ccbill', '/control/webhooks', { enabled: false })
    await faults({ fault: 'timeout', endpoint: 'charge' }, { fault: 'timeout', endpoint: 'charge' })
    const a = await cardCheckout('500.00')
    const b = await cardCheckout('1.00')
    const token = await paymentToken(t)
    const answers = await Promise.all([charge(a.client_secret, token), charge(b.client_secret, token)])
    expect(answers.map((r) => r.status).sort()).toEqual([202, 409])
    const owner = answers[0]!.status === 202 ? a : b
    await t.sim('ccbill', '/control/faults', undefined, 'DELETE')

    expect(await simCharges(t)).toHaveLength(1)
    expect((await (await t.client('/card/charge', owner.client_secret)).json()).charge.status).toBe('approved')
    await expectPaidAsCharged(a.id, b.id)
    // The other checkout stays payable, and a later charge of its own goes through.
    const other = owner === a ? b : a
    expect((await (await charge(other.client_secret, await paymentToken(t))).json()).charge.status).toBe('approved')
    await expectPaidAsCharged(a.id, b.id)
  })

  it('makes exactly one charge at CCBill for ten concurrent requests of one checkout', async () => {
    t = await createRaceApp(dialect)
    await t.sim('ccbill', '/control/faults', { latency_ms: 50 })
    const created = await cardCheckout('19.90')
    const tokens = await Promise.all(Array.from({ length: 10 }, () => paymentToken(t)))
    const responses = await Promise.all(tokens.map((token) => charge(created.client_secret, token)))
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([])
    expect(statuses).toContain(200)
    for (const r of responses.filter((r) => r.status === 409)) expect(((await r.json()) as Json).error.code).toBe('charge_in_progress')
    expect(await simCharges(t)).toHaveLength(1)
    expect((await t.checkout(created.id)).status).toBe('paid')
    expect(await t.count('payments')).toBe(1)
    expect(await t.events(created.id)).toEqual(['checkout.pending', 'checkout.paid'])
  })

  it('lets the payer try again 15 s after a lost charge CCBill never made, and not before the read says so', async () => {
    t = await createRaceApp(dialect)
    await t.sim('ccbill', '/control/webhooks', { enabled: false })
    await t.sim('ccbill', '/control/faults', { fault: 'timeout_unprocessed', endpoint: 'charge' })
    const created = await cardCheckout('19.90')
    expect((await charge(created.client_secret, await paymentToken(t))).status).toBe(202)
    const blocked = await charge(created.client_secret, await paymentToken(t))
    expect(blocked.status).toBe(409)
    expect(((await blocked.json()) as Json).error.code).toBe('charge_in_progress')
    t.clock.advance(15_000)
    const retried = await charge(created.client_secret, await paymentToken(t))
    expect(retried.status).toBe(200)
    expect(((await retried.json()) as Json).charge.status).toBe('approved')
    await expectPaidAsCharged(created.id)
  })

  it('tells the merchant of a second charge when an attempt judged not charged turns out charged', async () => {
    t = await createRaceApp(dialect)
    await t.sim('ccbill', '/control/webhooks', { enabled: false })
    // CCBill charges the first attempt but its answer is lost, and its charge list lags: the
    // attempt is judged not charged, the payer pays again, and then the first charge surfaces.
    await t.sim('ccbill', '/control/faults', { fault: 'timeout', endpoint: 'charge' })
    const created = await cardCheckout('19.90')
    const first = await paymentToken(t)
    expect((await charge(created.client_secret, first)).status).toBe(202)
    const [lost] = await simCharges(t)
    const attempt = await t.database.db
      .selectFrom('ccbill_charges')
      .selectAll()
      .where('checkout_id', '=', created.id)
      .executeTakeFirstOrThrow()
    await t.database.db
      .updateTable('ccbill_charges')
      .set({ status: 'declined', decline_reason: 'try_again', decline_text: 'The card was not charged' })
      .where('id', '=', attempt.id)
      .execute()
    expect(((await (await charge(created.client_secret, await paymentToken(t))).json()) as Json).charge.status).toBe('approved')

    // CCBill's webhook for the first charge arrives: the money is recorded and the merchant told.
    const upSale = await t.app.request(
      `/webhooks/ccbill?${new URLSearchParams({ clientAccnum: String(ACCNUM), clientSubacc: '0000', eventType: 'UpSaleSuccess' })}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          clientAccnum: String(ACCNUM),
          transactionId: lost!.transactionId,
          subscriptionId: lost!.subscriptionId,
          'X-checkout_id': created.id,
          'X-charge_id': attempt.id,
        }),
      },
    )
    expect(upSale.status).toBe(200)
    expect(await t.checkout(created.id)).toMatchObject({ status: 'overpaid', amount_paid: '39.80', amount_due: '0.00' })
    expect(await t.events(created.id)).toEqual(['checkout.pending', 'checkout.paid', 'checkout.overpaid'])
    await expectPaidAsCharged(created.id)
  })
})
