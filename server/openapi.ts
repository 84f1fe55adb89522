import { z } from 'zod'
import { chargeRequestSchema } from './providers/ccbill/index.js'
import { paymentRequestSchema } from './providers/nicepay/index.js'
import { createCheckoutSchema } from './routes/merchant-checkouts.js'
import { CHECKOUT_STATUSES, PAYMENT_METHODS } from '@pay-elements/contract'
import { EVENT_TYPES } from './routes/merchant-events.js'

/**
 * The OpenAPI description served at `/openapi.json`. Request bodies come from the same zod
 * schemas that validate them, so the document cannot drift from what the server accepts.
 */
const error = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        field: { type: 'string', description: 'The request field, header or query parameter at fault' },
      },
    },
  },
}
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    ]),
  )

const money = { type: 'string', pattern: '^\\d+(\\.\\d+)?$', description: 'Decimal string in the currency precision' }
const clientCheckout = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: CHECKOUT_STATUSES },
    amount: money,
    currency: { type: 'string' },
    description: { type: ['string', 'null'] },
    methods: { type: 'array', items: { type: 'string', enum: PAYMENT_METHODS } },
    amount_paid: money,
    amount_due: money,
    expires_at: { type: 'string', format: 'date-time' },
    version: { type: 'integer', description: 'Increases with every change' },
    mode: { type: 'string', enum: ['sandbox', 'live'] },
    subscription: {
      type: ['object', 'null'],
      description: 'Recurring card terms: initial_period_days, recurring_amount, recurring_period_days, rebills (99: until cancelled)',
    },
    country: { type: ['string', 'null'], description: "The payer's country from customer.country (browser view only)" },
  },
}
const merchantCheckout = {
  allOf: [
    { $ref: '#/components/schemas/ClientCheckout' },
    {
      type: 'object',
      properties: {
        client_secret: { type: 'string' },
        reference: { type: ['string', 'null'] },
        customer: { type: ['object', 'null'] },
        metadata: { type: 'object', additionalProperties: { type: 'string' } },
        subscription: { type: ['object', 'null'] },
        product: { type: ['string', 'null'] },
        payments: { type: 'array', items: { type: 'object' } },
        created_at: { type: 'string', format: 'date-time' },
        updated_at: { type: 'string', format: 'date-time' },
      },
    },
  ],
}
const merchantEvent = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'Also the webhook-id header of its deliveries' },
    object: { const: 'event' },
    type: { type: 'string', enum: EVENT_TYPES },
    checkout_id: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    data: { $ref: '#/components/schemas/MerchantCheckout', description: 'The checkout right after the change (no client_secret)' },
    delivery: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['delivered', 'pending', 'retrying'] },
        attempts: { type: 'integer' },
        delivered_at: { type: ['string', 'null'], format: 'date-time' },
        next_attempt_at: { type: ['string', 'null'], format: 'date-time' },
        last_error: { type: ['string', 'null'] },
      },
    },
  },
}
const listOf = (ref: string) => ({
  type: 'object',
  properties: {
    object: { const: 'list' },
    data: { type: 'array', items: { $ref: `#/components/schemas/${ref}` } },
    has_more: { type: 'boolean', description: 'Ask again with starting_after = the last id for more' },
  },
})
const iso = { type: 'string', format: 'date-time' }
const pageParameters = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 } },
  { name: 'starting_after', in: 'query', schema: { type: 'string' }, description: 'The id of the last item of the previous page' },
  { name: 'created[gte]', in: 'query', schema: iso, description: 'Created at or after (ISO 8601 with offset)' },
  { name: 'created[gt]', in: 'query', schema: iso },
  { name: 'created[lte]', in: 'query', schema: iso },
  { name: 'created[lt]', in: 'query', schema: iso },
]
const plain = (description: string) => ({ description, content: { 'text/plain': { schema: { type: 'string' } } } })
const clientSecret = { name: 'X-Client-Secret', in: 'header', required: true, schema: { type: 'string' } }
const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } })

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'pay-elements companion server',
      version: '0.1.0',
      description: 'Merchant API (secret key) and browser API (client secret).',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { secretKey: { type: 'http', scheme: 'bearer', description: 'PAY_SECRET_KEY' } },
      schemas: {
        Error: error,
        ClientCheckout: clientCheckout,
        MerchantCheckout: merchantCheckout,
        MerchantEvent: merchantEvent,
        CheckoutList: listOf('MerchantCheckout'),
        EventList: listOf('MerchantEvent'),
        CreateCheckout: z.toJSONSchema(createCheckoutSchema, { io: 'input', unrepresentable: 'any' }),
      },
    },
    paths: {
      '/v1/checkouts': {
        post: {
          summary: 'Create a checkout',
          security: [{ secretKey: [] }],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              schema: { type: 'string', maxLength: 255 },
              description: 'Same key and body replays the first response; another body is 422; in flight is 409',
            },
          ],
          requestBody: { required: true, content: json('CreateCheckout') },
          responses: { '201': { description: 'Created', content: json('MerchantCheckout') }, ...errors(400, 401, 409, 413, 415, 422) },
        },
        get: {
          summary: 'List checkouts, newest first (a checkout whose time ran out reads as expired)',
          security: [{ secretKey: [] }],
          parameters: [
            {
              name: 'status',
              in: 'query',
              schema: { type: 'string' },
              description: `One or more of ${CHECKOUT_STATUSES.join(', ')}, comma-separated`,
            },
            { name: 'reference', in: 'query', schema: { type: 'string', maxLength: 128 }, description: 'Your order id, exactly' },
            ...pageParameters,
          ],
          responses: { '200': { description: 'A page of checkouts', content: json('CheckoutList') }, ...errors(400, 401) },
        },
      },
      '/v1/events': {
        get: {
          summary: `The merchant webhook events, newest first; delivered ones are kept PAY_EVENT_RETENTION_DAYS (default 30)`,
          security: [{ secretKey: [] }],
          parameters: [
            {
              name: 'type',
              in: 'query',
              schema: { type: 'string' },
              description: `One or more of ${EVENT_TYPES.join(', ')}, comma-separated`,
            },
            { name: 'checkout', in: 'query', schema: { type: 'string' }, description: 'A checkout id' },
            ...pageParameters,
          ],
          responses: { '200': { description: 'A page of events', content: json('EventList') }, ...errors(400, 401) },
        },
      },
      '/v1/events/{id}': {
        get: {
          summary: 'Read an event and how its delivery stands',
          security: [{ secretKey: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The event', content: json('MerchantEvent') }, ...errors(401, 404) },
        },
      },
      '/v1/events/{id}/redeliver': {
        post: {
          summary: 'Send the event to PAY_MERCHANT_WEBHOOK_URL again (same webhook-id and body), at once',
          security: [{ secretKey: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '202': { description: 'Queued for delivery', content: json('MerchantEvent') },
            ...errors(401, 404, 409),
          },
        },
      },
      '/livez': { get: { summary: 'The process is up (no dependency is checked)', responses: { '200': { description: '{ ok: true }' } } } },
      '/readyz': {
        get: {
          summary: 'Ready for traffic: database reachable, migrations applied, PostgreSQL change listener connected, not shutting down',
          responses: {
            '200': { description: '{ ok: true, checks: { database, migrations, listener } }' },
            '503': { description: '{ ok: false, checks: { … }, reason }' },
          },
        },
      },
      '/healthz': { get: { summary: 'The database answers a query', responses: { '200': { description: '{ ok: true, mode }' } } } },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics (text exposition format); with PAY_METRICS_TOKEN set, wants Authorization: Bearer <token>',
          responses: { '200': plain('Metrics'), ...errors(401) },
        },
      },
      '/v1/checkouts/{id}': {
        get: {
          summary: 'Read a checkout',
          security: [{ secretKey: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The checkout', content: json('MerchantCheckout') }, ...errors(401, 404) },
        },
      },
      '/v1/checkouts/{id}/cancel': {
        post: {
          summary: 'Cancel an open checkout',
          security: [{ secretKey: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'Canceled', content: json('MerchantCheckout') }, ...errors(401, 404, 409) },
        },
      },
      '/v1/client/checkout': {
        get: {
          summary: 'Public view of the checkout; with after and wait, a long-poll',
          parameters: [
            clientSecret,
            { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 }, description: 'Answer once version exceeds this' },
            { name: 'wait', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 30 }, description: 'Seconds to hold the request' },
          ],
          responses: { '200': { description: 'The checkout', content: json('ClientCheckout') }, ...errors(400, 401, 429) },
        },
      },
      '/v1/client/origin': {
        get: {
          summary:
            "Whether the calling page's origin may use the browser API (PAY_ALLOWED_ORIGINS); readable from any origin without a preflight",
          responses: { '200': { description: '{ origin: string | null, allowed: boolean }' } },
        },
      },
      '/v1/client/checkout/events': {
        get: {
          summary: 'Live status as Server-Sent Events (event: checkout, id: version); ends at a final status',
          parameters: [clientSecret, { name: 'Last-Event-ID', in: 'header', schema: { type: 'string' } }],
          responses: {
            '200': { description: 'text/event-stream of ClientCheckout', content: { 'text/event-stream': {} } },
            ...errors(401, 429),
          },
        },
      },
      '/v1/client/crypto/options': {
        get: {
          summary: 'Coins and networks the merchant accepts, with what this checkout costs in each (estimate)',
          parameters: [clientSecret],
          responses: {
            '200': { description: '{ coins: [{ symbol, name, networks: [{ token_id, network, chain, name, memo, amount }] }] }' },
            ...errors(401, 502, 503, 504),
          },
        },
      },
      '/v1/client/crypto/deposits': {
        post: {
          summary: 'Start (or return the existing) CCPayment deposit for a coin and network',
          parameters: [clientSecret],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { type: 'object', required: ['token_id'], properties: { token_id: { type: 'string' } } } },
            },
          },
          responses: {
            '201': { description: 'Deposit: address, memo, crypto amount, QR matrix, CCPayment deposit status' },
            ...errors(400, 401, 409, 502, 503, 504),
          },
        },
      },
      '/v1/client/crypto/hosted': {
        post: {
          summary: "Get (once) CCPayment's hosted checkout URL for this checkout",
          parameters: [clientSecret],
          requestBody: {
            content: { 'application/json': { schema: { type: 'object', properties: { return_url: { type: 'string', format: 'uri' } } } } },
          },
          responses: { '201': { description: 'Deposit with `url`' }, ...errors(400, 401, 409, 502, 503, 504) },
        },
      },
      '/v1/client/crypto/deposit': {
        get: {
          summary: 'The deposit in progress, or null',
          parameters: [clientSecret],
          responses: { '200': { description: 'Deposit or null' }, ...errors(401) },
        },
      },
      '/v1/client/cvs/payment': {
        get: {
          summary: 'The convenience-store payment code, or null',
          parameters: [clientSecret],
          responses: { '200': { description: 'Payment code or null' }, ...errors(401) },
        },
        post: {
          summary: 'Register (or return the existing) NICEPAY payment code at Indomaret or Alfamart',
          parameters: [clientSecret],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(paymentRequestSchema, { io: 'input', unrepresentable: 'any' }) } },
          },
          responses: {
            '201': { description: 'Payment code, store, amount, deadline' },
            '200': { description: 'The code issued before' },
            ...errors(400, 401, 409, 502, 503, 504),
          },
        },
      },
      '/v1/client/cvs/payment/check': {
        post: {
          summary: 'Ask NICEPAY now whether the code was paid',
          parameters: [clientSecret],
          responses: { '200': { description: 'Payment code' }, ...errors(401, 404, 429, 502, 503, 504) },
        },
      },
      '/v1/client/card/session': {
        post: {
          summary: "A short-lived CCBill frontend token and what CCBill's Advanced Widget needs for this checkout (rate-limited)",
          parameters: [clientSecret],
          responses: {
            '200': {
              description:
                'CardSession: application_id, auth_token, auth_token_expires_at, client_accnum, client_subacc, client_subacc_3ds, script_url, currency_code, amount, ip_address',
            },
            ...errors(400, 401, 409, 429, 502, 504),
          },
        },
      },
      '/v1/client/card/charge': {
        get: {
          summary: 'The latest card charge attempt (an unknown outcome is looked up at CCBill first), or null',
          parameters: [clientSecret],
          responses: {
            '200': { description: '{ charge: { status, decline_reason, decline_code, decline_text, created_at } | null }' },
            ...errors(401),
          },
        },
        post: {
          summary:
            'Charge the payment token for the checkout amount, at most once per checkout (409 charge_in_progress while one is under way). `threeds` is what authenticateCustomer resolved with, in either shape CCBill documents; it must be for the checkout amount and currency (422 threeds_mismatch naming the field otherwise).',
          parameters: [clientSecret],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(chargeRequestSchema, { io: 'input', unrepresentable: 'any' }) } },
          },
          responses: {
            '200': { description: '{ charge } approved or declined' },
            '202': { description: '{ charge } processing: the answer was lost; follow GET' },
            ...errors(400, 401, 409, 415, 422, 502),
          },
        },
      },
      '/webhooks/ccbill': {
        post: {
          summary:
            "CCBill's webhooks (JSON or form; eventType in the query; source IP allowlist; confirmed by reading the token's charges)",
          responses: { '200': { description: 'received (or ignored, with the reason)' }, ...errors(400, 403, 415, 503) },
        },
      },
      '/webhooks/ccpayment': {
        post: {
          summary: "CCPayment's notify_url (signed; answered `success`)",
          responses: { '200': { description: 'success' }, ...errors(400, 401) },
        },
      },
      '/webhooks/nicepay': {
        post: {
          summary: "NICEPAY's dbProcessUrl (form-encoded; token checked, then confirmed by inquiry)",
          responses: { '200': { description: 'received' }, ...errors(400, 401, 503) },
        },
      },
      '/v1/client/checkouts': {
        post: {
          summary: 'Create a checkout from a catalog product (rate-limited)',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { type: 'object', required: ['product'], properties: { product: { type: 'string' } } } },
            },
          },
          responses: {
            '201': {
              description: 'Created',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { client_secret: { type: 'string' }, checkout: { $ref: '#/components/schemas/ClientCheckout' } },
                  },
                },
              },
            },
            ...errors(400, 404, 429),
          },
        },
      },
    },
  }
}
