/**
 * What the app reports for `/metrics`. The app only calls these; the Node entry backs them with
 * prom-client (`metrics-prometheus.ts`), so `createApp` stays free of Node-only modules. Names and
 * labels are listed in the README's "Operating" section.
 */
export interface Metrics {
  /** One HTTP request answered: its route pattern (`/v1/checkouts/:id`), method and status. */
  request(route: string, method: string, status: number, seconds: number): void
  /** One call to a provider's API: `ok`, `http_error` (5xx), `timeout` or `network`. */
  providerCall(provider: string, operation: string, outcome: string, seconds: number): void
  /** One webhook from a provider: `accepted`, `duplicate` (already taken), `refused` (4xx) or `failed` (5xx: it will come again). */
  webhook(provider: string, outcome: 'accepted' | 'duplicate' | 'refused' | 'failed'): void
  /** A checkout moved into `status` (committed). */
  transition(status: string): void
  /** One attempt to deliver a merchant webhook: `delivered`, `rejected` (non-2xx) or `error` (no answer). */
  delivery(outcome: 'delivered' | 'rejected' | 'error'): void
  /** Reconciliation looked at a checkout for a provider: `asked`, `nothing`, `deferred` or `error`, and whether it changed the checkout. */
  reconcile(provider: string, result: string): void
  /** The text exposition format. */
  render(): Promise<{ contentType: string; body: string }>
}
