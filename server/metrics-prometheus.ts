import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Metrics } from './metrics.js'

/** Seconds: from a cached status read (well under a millisecond) to a provider call that times out. */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

export interface PrometheusOptions {
  /** The outbox's undelivered events right now (read when scraped). */
  backlog?: () => Promise<{ count: number; oldestCreatedAt: number | null }>
  clock?: () => number
}

/** The app's metrics on a registry of their own (plus Node's process metrics), in Prometheus' text format. */
export function createPrometheusMetrics(options: PrometheusOptions = {}): Metrics {
  const clock = options.clock ?? Date.now
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })

  const requests = new Histogram({
    name: 'pay_http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status, until the response starts',
    labelNames: ['route', 'method', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const providerCalls = new Histogram({
    name: 'pay_provider_call_duration_seconds',
    help: 'Calls to provider APIs by provider, operation and outcome (ok, http_error, timeout, network)',
    labelNames: ['provider', 'operation', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const webhooks = new Counter({
    name: 'pay_webhooks_received_total',
    help: 'Provider webhooks by provider and outcome (accepted, duplicate, refused, failed)',
    labelNames: ['provider', 'outcome'],
    registers: [registry],
  })
  const transitions = new Counter({
    name: 'pay_checkout_transitions_total',
    help: 'Checkout status changes committed by this instance, by the status moved into',
    labelNames: ['status'],
    registers: [registry],
  })
  const deliveries = new Counter({
    name: 'pay_merchant_webhook_deliveries_total',
    help: 'Attempts to deliver a merchant webhook, by outcome (delivered, rejected, error)',
    labelNames: ['outcome'],
    registers: [registry],
  })
  const reconciliations = new Counter({
    name: 'pay_reconcile_checks_total',
    help: 'Reconciliation looking at a checkout for a provider, by result (asked, nothing, deferred, error)',
    labelNames: ['provider', 'result'],
    registers: [registry],
  })
  // Read from the database when scraped, so every instance reports the shared outbox as it is. With
  // the database away the gauges keep their last values: the other metrics matter most just then.
  type Backlog = { count: number; oldestCreatedAt: number | null } | null
  let backlog: Promise<Backlog> | null = null
  const readBacklog = () =>
    (backlog ??= (options.backlog?.() ?? Promise.resolve({ count: 0, oldestCreatedAt: null }))
      .catch((): Backlog => null)
      .finally(() => (backlog = null)))
  new Gauge({
    name: 'pay_outbox_backlog',
    help: 'Merchant webhook events not yet delivered',
    registers: [registry],
    async collect() {
      const read = await readBacklog()
      if (read) this.set(read.count)
    },
  })
  new Gauge({
    name: 'pay_outbox_oldest_age_seconds',
    help: 'Age of the oldest merchant webhook event not yet delivered (0 when none)',
    registers: [registry],
    async collect() {
      const read = await readBacklog()
      if (read) this.set(read.oldestCreatedAt === null ? 0 : Math.max(0, (clock() - read.oldestCreatedAt) / 1000))
    },
  })

  return {
    request: (route, method, status, seconds) => requests.observe({ route, method, status: String(status) }, seconds),
    providerCall: (provider, operation, outcome, seconds) => providerCalls.observe({ provider, operation, outcome }, seconds),
    webhook: (provider, outcome) => webhooks.inc({ provider, outcome }),
    transition: (status) => transitions.inc({ status }),
    delivery: (outcome) => deliveries.inc({ outcome }),
    reconcile: (provider, result) => reconciliations.inc({ provider, result }),
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  }
}
