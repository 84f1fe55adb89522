/**
 * The card payment as the browser API (`/v1/client/card`) shows it. The `<pay-card>` element
 * and the server both import these types, so they share one definition.
 *
 * Card data never appears here: the card number, expiry and CVV go from the page to CCBill (its
 * Advanced Widget script) and come back as a payment token id.
 */

/** Reply of `POST /v1/client/card/session`: what the element needs to run CCBill's Advanced Widget. */
export interface CardSession {
  /** CCBill frontend Merchant Application ID: the argument of `new ccbill.CCBillAdvancedWidget(id)`. Public. */
  application_id: string
  /** Short-lived CCBill *frontend* OAuth bearer token, minted by the server for this checkout. */
  auth_token: string
  /** ISO 8601 UTC; after this the element asks for a new session. */
  auth_token_expires_at: string
  client_accnum: number
  client_subacc: number
  /** CCBill's Advanced Widget script: CCBill's CDN, or the simulator's stand-in in sandbox mode. */
  script_url: string
  /** Numeric ISO 4217 as the widget's `currencyCode` field takes it, e.g. "840". */
  currency_code: string
  /** The checkout's amount (decimal string), for the widget's `amount` field. */
  amount: string
  /** The payer's address as the server saw it, for the widget's `ipAddress` field. */
  ip_address: string
}

/**
 * What `authenticateCustomer` resolved with (CCBill's flat SCA result), passed on unchanged to the
 * 3DS charge. Either the verification values (`threedsSuccess: true` …) or the error values.
 */
export interface ThreedsResult {
  threedsEci?: string
  threedsStatus?: string
  threedsSuccess?: boolean
  threedsVersion?: string
  threedsXid?: string
  threedsCavv?: string
  threedsCavvAlgorithm?: string
  threedsDsTransId?: string
  threedsAcsTransId?: string
  threedsSdkTransId?: string
  threedsAuthenticationType?: string
  threedsAuthenticationValue?: string
  threedsClientTransactionId?: string
  threedsAmount?: number | string
  threedsCurrency?: string
  threedsCardToken?: string
  threedsError?: string
  threedsErrorDetail?: string
  threedsErrorCode?: string
  threedsResponse?: string
}

/** Body of `POST /v1/client/card/charge`. */
export interface CardChargeRequest {
  /** From `createPaymentToken` (CCBill's `paymentTokenId`). */
  payment_token_id: string
  /** Present when SCA was required and `authenticateCustomer` ran (passed or failed). */
  threeds?: ThreedsResult
}

/**
 * Why a charge did not go through, in words the element can translate:
 * `declined` the bank said no; `authentication_failed` 3DS did not pass; `try_again` a passing
 * problem (CCBill's "Error contacting bank" and the like).
 */
export type CardDeclineReason = 'declined' | 'authentication_failed' | 'try_again'

export interface CardCharge {
  /**
   * `approved` (the checkout is paid); `declined` (the payer may try another card);
   * `processing` (the answer was lost on the way: the server is finding out from CCBill by reading
   * the token's charges, never by charging again).
   */
  status: 'approved' | 'declined' | 'processing'
  decline_reason: CardDeclineReason | null
  /** CCBill's own decline code and text, for the payer's bank conversation and for support. */
  decline_code: string | null
  decline_text: string | null
  /** ISO 8601 UTC, when the attempt started. */
  created_at: string
}

/** Reply of `GET` and `POST /v1/client/card/charge`: the latest charge attempt, null before any. */
export interface CardChargeReply {
  charge: CardCharge | null
}
