/**
 * The convenience-store payment as the browser API shows it. The `<pay-cvs>` element and the
 * server both import these, so they share one definition.
 */

export const CVS_STORES = ['indomaret', 'alfamart'] as const
export type CvsStore = (typeof CVS_STORES)[number]

/** Body of `POST /v1/client/cvs/payment`. */
export interface CvsPaymentRequest {
  store: CvsStore
  name: string
  /** Any common Indonesian format; the server normalises it. */
  phone: string
  email: string
}

export interface CvsPayment {
  store: CvsStore
  /** The code the payer quotes at the till, digits only. */
  pay_no: string
  /** Whole rupiah, as a decimal string. */
  amount: string
  currency: 'IDR'
  /** When the code stops working (NICEPAY's payValidDt/payValidTm, Asia/Jakarta), ISO 8601 UTC. */
  expires_at: string
  /**
   * `issued`: waiting at the store; `ready`: an Alfamart-group cashier has looked it up;
   * `paid` (confirmed by NICEPAY); `expired`.
   */
  status: 'issued' | 'ready' | 'paid' | 'expired'
}

/**
 * The error code of `POST /v1/client/cvs/payment` when the checkout ends too soon (within about two
 * minutes) for a code to be worth issuing: the payer could not reach a store in time.
 */
export const CVS_CHECKOUT_EXPIRING = 'checkout_expiring'

/** Reply of every `/v1/client/cvs/payment` route; `payment` is null until a code is issued. */
export interface CvsPaymentReply {
  payment: CvsPayment | null
}

/** Body of `POST /v1/client/cvs/hosted` (hosted mode); the details are needed for the registration only. */
export interface CvsHostedRequest {
  name?: string
  phone?: string
  email?: string
  /** Where NICEPAY's callback sends the payer back to (an allowed origin); without it the callback shows a page of its own (a popup). */
  return_url?: string
}

/** Reply of `POST /v1/client/cvs/hosted`: NICEPAY's payment page until the payer has a code there, then the code. */
export interface CvsHostedReply {
  payment: CvsPayment | null
  payment_url: string | null
}
