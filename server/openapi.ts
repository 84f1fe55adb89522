import { z } from 'zod'
import { chargeRequestSchema } from './providers/ccbill/index.js'
import { hostedRequestSchema, paymentRequestSchema } from './providers/nicepay/index.js'
import { createCheckoutSchema } from './routes/merchant-checkouts.js'
import { CHECKOUT_STATUSES, PAYMENT_METHODS } from '@pay-elements/contract'
import type { MerchantEventType } from './merchant-api.js'
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
  required: ['id', 'status', 'amount', 'currency', 'description', 'methods', 'amount_paid', 'amount_due', 'expires_at', 'version', 'mode'],
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
    final: {
      type: 'boolean',
      description:
        'Browser API only: nothing can change the checkout any more (a refund aside). An expired checkout whose crypto address was shown stays false while CCPayment still credits late payments (7 days after the order ran out)',
    },
    subscription: { $ref: '#/components/schemas/Subscription' },
    country: { type: ['string', 'null'], description: "The payer's country from customer.country (browser view only)" },
  },
}
const customer = {
  type: ['object', 'null'],
  properties: {
    email: { type: 'string', format: 'email' },
    name: { type: 'string' },
    phone: { type: 'string', description: 'Required by NICEPAY for a convenience-store code' },
    country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' },
  },
}
const subscription = {
  type: ['object', 'null'],
  description: 'Recurring card terms: CCBill charges recurring_amount every recurring_period_days after the first period',
  required: ['initial_period_days', 'recurring_amount', 'recurring_period_days', 'rebills'],
  properties: {
    initial_period_days: { type: 'integer' },
    recurring_amount: money,
    recurring_period_days: { type: 'integer' },
    rebills: { type: 'integer', description: 'Renewals after the first period; 99 means until cancelled' },
  },
}
const payment = {
  type: 'object',
  required: ['id', 'method', 'provider', 'provider_reference', 'status', 'amount', 'currency', 'created_at', 'updated_at'],
  properties: {
    id: { type: 'string' },
    method: { type: 'string', enum: PAYMENT_METHODS },
    provider: { type: 'string', enum: ['ccpayment', 'ccbill', 'nicepay'] },
    provider_reference: { type: 'string', description: "The provider's own id (CCPayment order id, CCBill subscription id, NICEPAY tXid)" },
    status: { type: 'string', description: "The provider's status word" },
    amount: money,
    currency: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
}
const merchantCheckout = {
  allOf: [
    { $ref: '#/components/schemas/ClientCheckout' },
    {
      type: 'object',
      required: ['reference', 'customer', 'metadata', 'subscription', 'product', 'payments', 'created_at', 'updated_at'],
      properties: {
        client_secret: { type: 'string', description: 'For the page; absent from webhook bodies and events' },
        initial_state: {
          type: 'string',
          description:
            "Create and read replies only: the checkout and its methods' first screens as they are now, signed by this server. Give it to the element (`initial-state`) beside the client secret and it draws without waiting for a request; it then confirms with the server.",
        },
        reference: { type: ['string', 'null'] },
        customer: { $ref: '#/components/schemas/Customer' },
        metadata: { type: 'object', additionalProperties: { type: 'string' } },
        subscription: { $ref: '#/components/schemas/Subscription' },
        product: { type: ['string', 'null'], description: 'The catalog product it was created from' },
        payments: { type: 'array', items: { $ref: '#/components/schemas/Payment' } },
        created_at: { type: 'string', format: 'date-time' },
        updated_at: { type: 'string', format: 'date-time' },
      },
    },
  ],
}
const webhookEvent = {
  type: 'object',
  required: ['type', 'timestamp', 'data'],
  properties: {
    type: { type: 'string', enum: EVENT_TYPES },
    timestamp: { type: 'string', format: 'date-time', description: 'When the change was committed' },
    data: { $ref: '#/components/schemas/MerchantCheckout', description: 'The checkout right after the change (no client_secret)' },
  },
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
/** The browser API: the checkout's client secret in a header (never in the URL, so it stays out of logs). */
const client = [{ clientSecret: [] }]
/** The merchant API: server to server, with PAY_SECRET_KEY. */
const merchant = [{ secretKey: [] }]
/** Routes that need no key: health probes, the provider webhooks (each proves itself by signature, token or source). */
const open: never[] = []
const webhookHeaders = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    schema: { type: 'string' },
    description: 'The event id (msg_…): the same on every retry',
  },
  { name: 'webhook-timestamp', in: 'header', required: true, schema: { type: 'string' }, description: 'Unix seconds of this attempt' },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    schema: { type: 'string' },
    description: 'v1,<base64 HMAC-SHA256 of "id.timestamp.body">',
  },
]
/** What each event tells the merchant; `checkout.open` is never sent (checkouts are created open and do not return to it). */
const WEBHOOK_SUMMARIES: Partial<Record<MerchantEventType, string>> = {
  'checkout.pending': 'A payment started at a provider: an address, a code or a card charge in progress',
  'checkout.underpaid': 'Money arrived, less than the amount: the payer may still send the rest',
  'checkout.paid': 'Paid in full: fulfil the order',
  'checkout.overpaid': 'Paid more than the amount (or paid twice): fulfil, and refund the difference',
  'checkout.failed': 'The payment failed at the provider',
  'checkout.expired': 'Time ran out before it was paid (late crypto money can still make it paid)',
  'checkout.canceled': 'You canceled it',
  'checkout.refunded': 'Refunded',
  'checkout.payment_after_cancel': 'Money reached a canceled checkout: it stays canceled and the money (amount_paid) is yours to refund',
}
const methodList = { type: 'array', items: { type: 'string', enum: [...PAYMENT_METHODS] }, maxItems: PAYMENT_METHODS.length }
/** Each method's first screen (`ClientFirstScreens` of the contract), as the bootstrap read and the catalog create return it. */
const firstScreens = {
  crypto: {
    type: 'object',
    description: 'The deposit in progress (or null) and, while none, the coins to choose from (null if CCPayment could not list them)',
    properties: { deposit: { type: ['object', 'null'] }, coins: { type: ['array', 'null'], items: { type: 'object' } } },
  },
  cvs: { type: 'object', description: 'The payment code, or null', properties: { payment: { type: ['object', 'null'] } } },
  card: { type: 'object', description: 'The latest charge attempt, or null', properties: { charge: { type: ['object', 'null'] } } },
}
const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } })

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'pay-elements companion server',
      version: '0.1.0',
      description:
        'Merchant API (secret key, from your backend), browser API (client secret, used by the elements), provider webhooks, and the webhooks this server sends your backend (`webhooks`, signed by the Standard Webhooks scheme).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: 'checkouts', description: 'Create, read, list and cancel checkouts (merchant API)' },
      { name: 'events', description: 'The webhook events sent to your backend, read back and redelivered (merchant API)' },
      { name: 'browser', description: "What the elements call with the checkout's client secret" },
      { name: 'provider webhooks', description: 'Where CCPayment, CCBill and NICEPAY tell the server about payments' },
      { name: 'operations', description: 'Health, readiness and metrics' },
    ],
    components: {
      securitySchemes: {
        secretKey: { type: 'http', scheme: 'bearer', description: 'PAY_SECRET_KEY: the merchant API, from your backend only' },
        clientSecret: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Client-Secret',
          description: "The checkout's client_secret, from the create-checkout answer: the browser API for one checkout",
        },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'PAY_METRICS_TOKEN, when set' },
      },
      schemas: {
        Error: error,
        ClientCheckout: clientCheckout,
        MerchantCheckout: merchantCheckout,
        Customer: customer,
        Subscription: subscription,
        Payment: payment,
        WebhookEvent: webhookEvent,
        MerchantEvent: merchantEvent,
        CheckoutList: listOf('MerchantCheckout'),
        EventList: listOf('MerchantEvent'),
        CreateCheckout: z.toJSONSchema(createCheckoutSchema, { io: 'input', unrepresentable: 'any' }),
      },
    },
    paths: {
      '/v1/checkouts': {
        post: {
          operationId: 'createCheckout',
          tags: ['checkouts'],
          summary: 'Create a checkout',
          security: merchant,
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
          operationId: 'listCheckouts',
          tags: ['checkouts'],
          summary: 'List checkouts, newest first (a checkout whose time ran out reads as expired)',
          security: merchant,
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
          operationId: 'listEvents',
          tags: ['events'],
          summary: `The merchant webhook events, newest first; delivered ones are kept PAY_EVENT_RETENTION_DAYS (default 30)`,
          security: merchant,
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
          operationId: 'getEvent',
          tags: ['events'],
          summary: 'Read an event and how its delivery stands',
          security: merchant,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The event', content: json('MerchantEvent') }, ...errors(401, 404) },
        },
      },
      '/v1/events/{id}/redeliver': {
        post: {
          operationId: 'redeliverEvent',
          tags: ['events'],
          summary: 'Send the event to PAY_MERCHANT_WEBHOOK_URL again (same webhook-id and body), at once',
          security: merchant,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '202': { description: 'Queued for delivery', content: json('MerchantEvent') },
            ...errors(401, 404, 409),
          },
        },
      },
      '/livez': {
        get: {
          operationId: 'getLiveness',
          tags: ['operations'],
          summary: 'The process is up (no dependency is checked)',
          security: open,
          responses: { '200': { description: '{ ok: true }' } },
        },
      },
      '/readyz': {
        get: {
          operationId: 'getReadiness',
          tags: ['operations'],
          summary: 'Ready for traffic: database reachable, migrations applied, PostgreSQL change listener connected, not shutting down',
          security: open,
          responses: {
            '200': { description: '{ ok: true, checks: { database, migrations, listener } }' },
            '503': { description: '{ ok: false, checks: { … }, reason }' },
          },
        },
      },
      '/healthz': {
        get: {
          operationId: 'getHealth',
          tags: ['operations'],
          summary: 'The database answers a query (a plain liveness-and-database probe; /readyz says more)',
          security: open,
          responses: {
            '200': { description: '{ ok: true, mode }' },
            '503': { description: '{ ok: false }: the database did not answer' },
          },
        },
      },
      '/metrics': {
        get: {
          operationId: 'getMetrics',
          tags: ['operations'],
          summary: 'Prometheus metrics (text exposition format); with PAY_METRICS_TOKEN set, wants Authorization: Bearer <token>',
          // Either the token (when PAY_METRICS_TOKEN is set) or nothing (when it is not).
          security: [{ metricsToken: [] }, {}],
          responses: { '200': plain('Metrics'), ...errors(401) },
        },
      },
      '/v1/checkouts/{id}': {
        get: {
          operationId: 'getCheckout',
          tags: ['checkouts'],
          summary: 'Read a checkout',
          security: merchant,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The checkout', content: json('MerchantCheckout') }, ...errors(401, 404) },
        },
      },
      '/v1/checkouts/{id}/cancel': {
        post: {
          operationId: 'cancelCheckout',
          tags: ['checkouts'],
          summary: 'Cancel an open checkout',
          security: merchant,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'Canceled', content: json('MerchantCheckout') }, ...errors(401, 404, 409) },
        },
      },
      '/v1/client/checkout': {
        get: {
          operationId: 'getClientCheckout',
          tags: ['browser'],
          summary: 'Public view of the checkout; with after and wait, a long-poll',
          security: client,
          parameters: [
            { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 }, description: 'Answer once version exceeds this' },
            { name: 'wait', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 30 }, description: 'Seconds to hold the request' },
          ],
          responses: { '200': { description: 'The checkout', content: json('ClientCheckout') }, ...errors(400, 401, 429) },
        },
      },
      '/v1/client/bootstrap': {
        post: {
          operationId: 'bootstrapClientCheckout',
          tags: ['browser'],
          summary:
            "The element's first read: the checkout and its methods' first screens in one request. The client secret travels in the body, sent as text/plain, so a browser needs no CORS preflight; it only reads.",
          security: open,
          requestBody: {
            required: true,
            content: Object.fromEntries(
              ['text/plain', 'application/json'].map((type) => [
                type,
                {
                  schema: {
                    type: 'object',
                    required: ['client_secret'],
                    properties: {
                      client_secret: { type: 'string' },
                      methods: { ...methodList, description: "Whose first screen to include; the checkout's methods when left out" },
                      initial_state: { type: 'string', description: 'The initial_state the page was given, checked by the server' },
                    },
                  },
                },
              ]),
            ),
          },
          responses: {
            '200': {
              description:
                'The checkout now, each method asked for that it offers, and (when one was sent) whether this server signed the initial_state',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['checkout'],
                    properties: {
                      checkout: { $ref: '#/components/schemas/ClientCheckout' },
                      ...firstScreens,
                      initial_state: { type: 'string', enum: ['valid', 'invalid'] },
                    },
                  },
                },
              },
            },
            ...errors(400, 401, 413, 415, 429),
          },
        },
      },
      '/v1/client/origin': {
        get: {
          operationId: 'getClientOrigin',
          tags: ['browser'],
          security: open,
          summary:
            "Whether the calling page's origin may use the browser API (PAY_ALLOWED_ORIGINS); readable from any origin without a preflight",
          responses: { '200': { description: '{ origin: string | null, allowed: boolean }' } },
        },
      },
      '/v1/client/checkout/events': {
        get: {
          operationId: 'streamClientCheckout',
          tags: ['browser'],
          summary: 'Live status as Server-Sent Events (event: checkout, id: version); ends once the checkout is final',
          security: client,
          parameters: [{ name: 'Last-Event-ID', in: 'header', schema: { type: 'string' } }],
          responses: {
            '200': { description: 'text/event-stream of ClientCheckout', content: { 'text/event-stream': {} } },
            ...errors(401, 429),
          },
        },
      },
      '/v1/client/crypto/options': {
        get: {
          operationId: 'listCryptoOptions',
          tags: ['browser'],
          summary: 'Coins and networks the merchant accepts, with what this checkout costs in each (estimate)',
          security: client,
          responses: {
            '200': { description: '{ coins: [{ symbol, name, networks: [{ token_id, network, chain, name, memo, amount }] }] }' },
            ...errors(401, 502, 503, 504),
          },
        },
      },
      '/v1/client/crypto/deposits': {
        post: {
          operationId: 'createCryptoDeposit',
          tags: ['browser'],
          summary: 'Start (or return the existing) CCPayment deposit for a coin and network',
          security: client,
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
          operationId: 'createCryptoHostedCheckout',
          tags: ['browser'],
          summary: "Get (once) CCPayment's hosted checkout URL for this checkout",
          security: client,
          requestBody: {
            content: { 'application/json': { schema: { type: 'object', properties: { return_url: { type: 'string', format: 'uri' } } } } },
          },
          responses: { '201': { description: 'Deposit with `url`' }, ...errors(400, 401, 409, 502, 503, 504) },
        },
      },
      '/v1/client/crypto/deposit': {
        get: {
          operationId: 'getCryptoDeposit',
          tags: ['browser'],
          summary: 'The deposit in progress, or null',
          security: client,
          responses: { '200': { description: 'Deposit or null' }, ...errors(401) },
        },
      },
      '/v1/client/cvs/payment': {
        get: {
          operationId: 'getCvsPayment',
          tags: ['browser'],
          summary: 'The convenience-store payment code, or null',
          security: client,
          responses: { '200': { description: 'Payment code or null' }, ...errors(401) },
        },
        post: {
          operationId: 'createCvsPayment',
          tags: ['browser'],
          summary: 'Register (or return the existing) NICEPAY payment code at Indomaret or Alfamart',
          security: client,
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
          operationId: 'checkCvsPayment',
          tags: ['browser'],
          summary: 'Ask NICEPAY now whether the code was paid',
          security: client,
          responses: { '200': { description: 'Payment code' }, ...errors(401, 404, 429, 502, 503, 504) },
        },
      },
      '/v1/client/cvs/hosted': {
        post: {
          operationId: 'createCvsHostedPayment',
          tags: ['browser'],
          summary:
            "Hosted mode: register (once per checkout) through NICEPAY's API checkout and name its payment page, where the payer picks the store; asked again, the same page, or the code once the payer has one. name, phone and email are needed for the registration only; return_url must be on an allowed origin.",
          security: client,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(hostedRequestSchema, { io: 'input', unrepresentable: 'any' }) } },
          },
          responses: {
            '201': { description: '{ payment: null, payment_url }: registered; send the payer to payment_url' },
            '200': { description: '{ payment, payment_url }: registered before (payment_url until the payer has a code, then the code)' },
            ...errors(400, 401, 409, 502, 503, 504),
          },
        },
      },
      '/v1/client/card/session': {
        post: {
          operationId: 'createCardSession',
          tags: ['browser'],
          summary: "A short-lived CCBill frontend token and what CCBill's Advanced Widget needs for this checkout (rate-limited)",
          security: client,
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
          operationId: 'getCardCharge',
          tags: ['browser'],
          summary: 'The latest card charge attempt (an unknown outcome is looked up at CCBill first), or null',
          security: client,
          responses: {
            '200': { description: '{ charge: { status, decline_reason, decline_code, decline_text, created_at } | null }' },
            ...errors(401),
          },
        },
        post: {
          operationId: 'createCardCharge',
          tags: ['browser'],
          summary:
            'Charge the payment token for the checkout amount, at most once per checkout (409 charge_in_progress while one is under way). `threeds` is what authenticateCustomer resolved with, in either shape CCBill documents; it must be for the checkout amount and currency (422 threeds_mismatch naming the field otherwise).',
          security: client,
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
          operationId: 'receiveCcbillWebhook',
          tags: ['provider webhooks'],
          security: open,
          summary:
            "CCBill's webhooks (JSON or form; eventType in the query; source IP allowlist; confirmed by reading the token's charges)",
          responses: { '200': { description: 'received (or ignored, with the reason)' }, ...errors(400, 403, 415, 503) },
        },
      },
      '/webhooks/ccpayment': {
        post: {
          operationId: 'receiveCcpaymentWebhook',
          tags: ['provider webhooks'],
          security: open,
          summary: "CCPayment's notify_url (signed; answered `success`)",
          responses: { '200': { description: 'success' }, ...errors(400, 401) },
        },
      },
      '/webhooks/nicepay': {
        post: {
          operationId: 'receiveNicepayWebhook',
          tags: ['provider webhooks'],
          security: open,
          summary: "NICEPAY's dbProcessUrl (form-encoded; token checked, then confirmed by inquiry)",
          responses: { '200': { description: 'received' }, ...errors(400, 401, 503) },
        },
      },
      '/webhooks/nicepay/callback': {
        get: {
          operationId: 'receiveNicepayCallback',
          tags: ['provider webhooks'],
          security: open,
          summary:
            "NICEPAY's callBackUrl (API checkout): the payer's browser back from NICEPAY's page. The query only names the payment; its code and status come from an inquiry with the stored tXid, referenceNo and amount. Then a redirect to the return_url, or a page of its own.",
          responses: {
            '303': { description: 'To the return_url given with the registration' },
            '200': { description: 'HTML: the payer may go back to the shop window (no return_url: a popup)' },
            '404': { description: 'HTML: no hosted payment of this server' },
          },
        },
        post: {
          operationId: 'receiveNicepayCallbackPost',
          tags: ['provider webhooks'],
          security: open,
          summary: 'The same, for a callback posted as JSON or a form (one line of NICEPAY’s documents says so)',
          responses: {
            '303': { description: 'To the return_url' },
            '200': { description: 'HTML page' },
            '404': { description: 'HTML page' },
          },
        },
      },
      '/v1/client/checkouts': {
        post: {
          operationId: 'createCatalogCheckout',
          tags: ['browser'],
          summary: "Create a checkout from a catalog product (rate-limited): the price is the catalog's, so a page may call it",
          security: open,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['product'],
                  properties: {
                    product: { type: 'string' },
                    methods: { ...methodList, description: 'Include these methods’ first screens' },
                  },
                },
              },
            },
          },
          responses: {
            '201': {
              description: 'Created',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      client_secret: { type: 'string' },
                      checkout: { $ref: '#/components/schemas/ClientCheckout' },
                      ...firstScreens,
                    },
                  },
                },
              },
            },
            ...errors(400, 404, 429),
          },
        },
      },
    },
    webhooks: Object.fromEntries(
      EVENT_TYPES.filter((type) => WEBHOOK_SUMMARIES[type]).map((type) => [
        type,
        {
          post: {
            operationId: `on${type.replace(/(^|[._])([a-z])/g, (_m, _sep: string, letter: string) => letter.toUpperCase())}`,
            tags: ['events'],
            summary: WEBHOOK_SUMMARIES[type],
            description:
              'Posted to PAY_MERCHANT_WEBHOOK_URL, at least once: verify the raw body with PAY_MERCHANT_WEBHOOK_SECRET (any Standard Webhooks library) and drop a webhook-id you have already processed. Any 2xx within 10 s is success; anything else is retried with backoff.',
            security: open,
            parameters: webhookHeaders,
            requestBody: { required: true, content: json('WebhookEvent') },
            responses: {
              '2XX': { description: 'Received: not sent again' },
              default: { description: 'Not received: retried 5 s, 10 s, 20 s … up to hourly' },
            },
          },
        },
      ]),
    ),
  }
}
