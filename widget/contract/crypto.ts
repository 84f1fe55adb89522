/**
 * The crypto deposit as the browser API (`/v1/client/crypto`) shows it. The `<pay-crypto>` element
 * and the server both import these, so they share one definition.
 */

/**
 * CCPayment's eight API-deposit statuses, derived as its docs' table does from how much arrived
 * against the order amount and whether that happened within the order's valid period.
 */
export const DEPOSIT_STATUSES = [
  'Awaiting payment',
  'Expired',
  'Underpayment',
  'Underpayment(Overdue)',
  'Paid',
  'Paid(Overdue)',
  'Overpayment',
  'Overpayment(Overdue)',
] as const
export type DepositStatus = (typeof DEPOSIT_STATUSES)[number]

/** A CCPayment order for the checkout: native (address, amount, QR) or hosted (CCPayment's page). */
export interface DepositView {
  id: string
  kind: 'native' | 'hosted'
  status: DepositStatus
  token_id: string | null
  crypto: string | null
  network: string | null
  address: string | null
  memo: string | null
  amount: string | null
  amount_paid: string
  amount_due: string | null
  expires_at: string
  payment_uri: string | null
  qr: { size: number; modules: string } | null
  url: string | null
}

/** One network a coin travels on, as `GET /v1/client/crypto/options` lists it. */
export interface NetworkOption {
  token_id: string
  network: string
  chain: string
  name: string
  /** The chain needs a memo (tag) besides the address. */
  memo: boolean
  /** What this checkout costs on it, an estimate until the order fixes it. */
  amount: string
}

/** A coin the payer may pay with, and its networks. */
export interface CoinOption {
  symbol: string
  name: string
  networks: NetworkOption[]
}
