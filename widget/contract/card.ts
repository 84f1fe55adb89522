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
  /** The sub-account for cards charged without 3-D Secure. */
  client_subacc: number
  /** The sub-account for 3-D Secure: SCA check, authentication, token and charge (CCBill keeps them apart). */
  client_subacc_3ds: number
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
 * What `authenticateCustomer` resolves with, as CCBill's newest guide shows it (the v1.13.1 flows:
 * `threedsInformation`). The server maps it onto the 3DS charge's `threeds…` fields.
 */
export interface ThreedsInformation {
  eci?: string | null
  status?: string | null
  success?: boolean | 'true' | 'false'
  protocolVersion?: string | null
  amount?: number | string | null
  clientTransactionId?: string | null
  currency?: string | number | null
  sdkTransId?: string | null
  acsTransId?: string | null
  dsTransId?: string | null
  authenticationType?: string | null
  authenticationValue?: string | null
  xid?: string | null
  cavv?: string | null
  cavvAlgorithm?: string | null
  cardToken?: string | null
  error?: string | null
  errorDetail?: string | null
  errorCode?: string | null
  response?: string | null
}

/** The same result under the charge's own names, as CCBill's older guide passes it on (`threedsSuccess` may be "true"). */
export interface ThreedsFlatResult {
  threedsEci?: string | null
  threedsStatus?: string | null
  threedsSuccess?: boolean | 'true' | 'false'
  threedsVersion?: string | null
  threedsXid?: string | null
  threedsCavv?: string | null
  threedsCavvAlgorithm?: string | null
  threedsDsTransId?: string | null
  threedsAcsTransId?: string | null
  threedsSdkTransId?: string | null
  threedsAuthenticationType?: string | null
  threedsAuthenticationValue?: string | null
  threedsClientTransactionId?: string | null
  threedsAmount?: number | string | null
  threedsCurrency?: string | number | null
  threedsCardToken?: string | null
  threedsError?: string | null
  threedsErrorDetail?: string | null
  threedsErrorCode?: string | null
  threedsResponse?: string | null
}

/** The 3-D Secure result in either documented shape: passed or failed, it must be for the checkout's amount and currency. */
export type ThreedsResult = ThreedsInformation | ThreedsFlatResult

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
