import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import { createTestApp, readJson, type Json } from '../test/helpers/app.js'
import type { CreateCheckoutRequest, MerchantCheckout } from './merchant-api.js'
import { openApiDocument } from './openapi.js'
import type { createCheckoutSchema } from './routes/merchant-checkouts.js'

/**
 * `/openapi.json` against the app itself (every route described, nothing described that is not
 * served) and against Redocly's recommended rules, the linter most OpenAPI tooling agrees with.
 */

const run = promisify(execFile)
const REDOCLY = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js')

/** Routes that take no input and so never answer a client error (health probes, the origin check): the one rule they cannot meet. */
const NO_CLIENT_ERRORS = [
  '#/paths/~1livez/get/responses',
  '#/paths/~1readyz/get/responses',
  '#/paths/~1healthz/get/responses',
  '#/paths/~1v1~1client~1origin/get/responses',
]

describe('OpenAPI document', () => {
  it('describes every route the app serves, and only those, each with an operationId and a security requirement', async () => {
    const t = await createTestApp('sqlite')
    try {
      const doc = await readJson(await t.app.request('/openapi.json'))
      const served = new Set(
        t.app.routes
          .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/sandbox/') && r.path !== '/openapi.json')
          .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
      )
      const described = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      )
      expect(new Set(described)).toEqual(served)

      const operations = Object.values(doc.paths as Record<string, Json>).flatMap((item) => Object.values(item) as Json[])
      const ids = operations.map((op) => op.operationId)
      expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true)
      expect(new Set(ids).size).toBe(ids.length)
      for (const op of operations) expect(op.security, op.operationId).toBeDefined()
      expect(doc.paths['/v1/checkouts'].post.security).toEqual([{ secretKey: [] }])
      expect(doc.paths['/v1/client/card/charge'].post.security).toEqual([{ clientSecret: [] }])
      expect(doc.components.securitySchemes.clientSecret).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Client-Secret' })
    } finally {
      await t.dispose()
    }
  })

  it('takes request bodies from the validating schemas', async () => {
    const doc = openApiDocument('https://pay.shop.test') as Json
    expect(doc.paths['/v1/client/cvs/payment'].post.requestBody.content['application/json'].schema.required).toContain('store')
    expect(doc.components.schemas.CreateCheckout.required).toEqual(['amount', 'currency'])
    expect(doc.components.schemas.CreateCheckout.additionalProperties).toBe(false)
    expect(doc.paths['/v1/checkouts'].get.parameters.map((p: Json) => p.name)).toEqual([
      'status',
      'reference',
      'limit',
      'starting_after',
      'created[gte]',
      'created[gt]',
      'created[lte]',
      'created[lt]',
    ])
  })

  it('exports the create request type the schema accepts, and the checkout type the routes answer', async () => {
    expectTypeOf<CreateCheckoutRequest>().toEqualTypeOf<z.input<typeof createCheckoutSchema>>()
    const t = await createTestApp('sqlite')
    try {
      const body: CreateCheckoutRequest = { amount: '12.50', currency: 'USD', reference: 'order-1', metadata: { sku: 'A' } }
      const created = (await readJson(await t.merchant('/v1/checkouts', { method: 'POST', body }))) as MerchantCheckout
      const documented: (keyof MerchantCheckout)[] = [
        'id',
        'client_secret',
        'initial_state',
        'status',
        'amount',
        'currency',
        'amount_paid',
        'amount_due',
        'description',
        'reference',
        'methods',
        'customer',
        'metadata',
        'subscription',
        'product',
        'payments',
        'version',
        'created_at',
        'updated_at',
        'expires_at',
        'mode',
      ]
      expect(Object.keys(created).sort()).toEqual([...documented].sort())
    } finally {
      await t.dispose()
    }
  })

  it('describes the webhooks sent to the merchant, one per event type that is sent, signed', () => {
    const doc = openApiDocument('https://pay.shop.test') as Json
    expect(Object.keys(doc.webhooks)).toEqual([
      'checkout.pending',
      'checkout.underpaid',
      'checkout.paid',
      'checkout.overpaid',
      'checkout.failed',
      'checkout.expired',
      'checkout.canceled',
      'checkout.refunded',
      'checkout.payment_after_cancel',
    ])
    const paid = doc.webhooks['checkout.paid'].post
    expect(paid.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/WebhookEvent' })
    expect(paid.parameters.map((p: Json) => p.name)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature'])
    expect(doc.webhooks['checkout.payment_after_cancel'].post.operationId).toBe('onCheckoutPaymentAfterCancel')
  })

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openapi-'))
    try {
      const file = join(dir, 'openapi.json')
      await writeFile(file, JSON.stringify(openApiDocument('https://pay.shop.test')))
      const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }
      // Exit code 1 on errors: the JSON report says which, so read it either way.
      const { stdout } = await run(process.execPath, [REDOCLY, 'lint', file, '--format=json'], { env }).catch(
        (error: { stdout: string }) => error,
      )
      const report = JSON.parse(stdout) as { problems: { ruleId: string; message: string; location: { pointer: string }[] }[] }
      const problems = report.problems
        .map((p) => ({ rule: p.ruleId, at: p.location[0]?.pointer, message: p.message }))
        .filter((p) => !(p.rule === 'operation-4xx-response' && NO_CLIENT_ERRORS.includes(p.at!)))
      expect(problems).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 30_000)
})
