import Big from 'big.js'
import { z } from 'zod'
import type { CheckoutRow } from '../../checkouts/checkouts.js'
import { numericCurrencyCode } from '../../checkouts/money.js'
import { ApiError } from '../../errors.js'
import type { ThreedsResult } from '@pay-elements/contract'

/**
 * The 3-D Secure result the browser hands over, as CCBill documents it, mapped onto the 3DS
 * charge's fields and checked against the checkout before anything is sent to CCBill.
 *
 * CCBill documents two shapes, and the route takes both:
 * - what `authenticateCustomer` resolves with in CCBill's newest guide (CCBill/restful-api-guide
 *   README, the v1.13.1 "Create Payment Token (3DS)" flow; its backend's `ThreedsInformation`
 *   record): `{eci, status, success, protocolVersion, amount, clientTransactionId, currency,
 *   sdkTransId, acsTransId, dsTransId, authenticationType, authenticationValue}`, which the
 *   guide's backend maps onto `threeds` + the name (`protocolVersion` → `threedsVersion`);
 * - the charge's own `threeds…` names (`ThreedsTransactionRequest`), as the older guide passes the
 *   widget's result on unchanged. Its PHP example sends `"threedsSuccess":"true"` as a string.
 *
 * Guess: the 1.0.2 and failure values (`cavv`, `xid`, `cavvAlgorithm`, `cardToken`, `error`,
 * `errorDetail`, `errorCode`, `response`) are not in the guide's record; the same rule maps them.
 */

const FLAT_TEXT = {
  threedsEci: 2,
  threedsStatus: 2,
  threedsVersion: 20,
  threedsXid: 256,
  threedsCavv: 1024,
  threedsCavvAlgorithm: 28,
  threedsDsTransId: 64,
  threedsAcsTransId: 64,
  threedsSdkTransId: 64,
  threedsAuthenticationType: 36,
  threedsAuthenticationValue: 256,
  threedsClientTransactionId: 64,
  threedsCardToken: 256,
  threedsError: 1024,
  threedsErrorDetail: 1024,
  threedsErrorCode: 32,
  threedsResponse: 4096,
} as const
type FlatText = keyof typeof FLAT_TEXT

/** The guide's names → the charge's (`protocolVersion` is the one that does not follow the rule). */
const CURRENT_NAMES: Record<string, FlatText | 'threedsSuccess' | 'threedsAmount' | 'threedsCurrency'> = {
  eci: 'threedsEci',
  status: 'threedsStatus',
  success: 'threedsSuccess',
  protocolVersion: 'threedsVersion',
  amount: 'threedsAmount',
  clientTransactionId: 'threedsClientTransactionId',
  currency: 'threedsCurrency',
  sdkTransId: 'threedsSdkTransId',
  acsTransId: 'threedsAcsTransId',
  dsTransId: 'threedsDsTransId',
  authenticationType: 'threedsAuthenticationType',
  authenticationValue: 'threedsAuthenticationValue',
  xid: 'threedsXid',
  cavv: 'threedsCavv',
  cavvAlgorithm: 'threedsCavvAlgorithm',
  cardToken: 'threedsCardToken',
  error: 'threedsError',
  errorDetail: 'threedsErrorDetail',
  errorCode: 'threedsErrorCode',
  response: 'threedsResponse',
}
const FLAT_NAMES = Object.fromEntries(Object.values(CURRENT_NAMES).map((name) => [name, name]))

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`).nullable().optional()
/** A JSON boolean, or the string the older guide's PHP example sends. */
const flag = z
  .union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false' })
  .transform((value) => value === true || value === 'true')
  .optional()
const amount = z
  .union([z.number().finite().nonnegative(), z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, 'must be a decimal amount')], {
    error: 'must be the authenticated amount',
  })
  .nullable()
  .optional()
const currency = z
  .union([z.number().int().min(1).max(999), z.string().regex(/^(\d{1,3}|[A-Za-z]{3})$/, 'must be an ISO 4217 code')], {
    error: 'must be an ISO 4217 code',
  })
  .nullable()
  .optional()

const flatShape = {
  ...Object.fromEntries(Object.entries(FLAT_TEXT).map(([name, max]) => [name, text(max)])),
  threedsSuccess: flag,
  threedsAmount: amount,
  threedsCurrency: currency,
}
const currentShape = Object.fromEntries(
  Object.entries(CURRENT_NAMES).map(([name, flat]) => [name, flatShape[flat as keyof typeof flatShape]]),
)

/**
 * `threeds` of `POST /v1/client/card/charge`: either documented shape, not both at once. Unknown
 * fields are refused by name, so nothing else (a card number, say) can ride along to CCBill.
 */
export const threedsSchema = z.strictObject({ ...currentShape, ...flatShape }).superRefine((value, ctx) => {
  const keys = Object.keys(value)
  const current = keys.find((k) => k in CURRENT_NAMES)
  const flat = keys.find((k) => k in FLAT_NAMES)
  if (current && flat) {
    ctx.addIssue({
      code: 'custom',
      path: [flat],
      message: `mixes CCBill's two shapes ("${current}" and "${flat}"); send the result as authenticateCustomer gave it`,
    })
  }
}) as unknown as z.ZodType<ThreedsResult>

/** The 3DS values as the charge sends them (`ThreedsTransactionRequest` names). */
export interface ThreedsCharge {
  threedsSuccess: boolean
  /** The authenticated amount, a decimal string equal to the checkout's amount. */
  threedsAmount?: string
  /** As the authentication reported it: numeric ("840") or alphabetic ("USD"), the checkout's currency either way. */
  threedsCurrency?: string
  text: Partial<Record<FlatText, string>>
}

/**
 * Maps the browser's 3DS result onto the charge's names and checks it against the checkout: a
 * passed authentication must name the checkout's amount and currency, and whatever it names must
 * be the checkout's. A mismatch is a 422 naming the field as the browser sent it (`threeds.amount`);
 * nothing is replaced with the checkout's values on the way to CCBill.
 */
export function verifyThreeds(result: ThreedsResult, checkout: CheckoutRow): ThreedsCharge {
  const entries = Object.entries(result as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined)
  const byFlat = new Map(entries.map(([name, value]) => [CURRENT_NAMES[name] ?? name, value]))
  // Errors name the field as the browser sent it.
  const current = entries.some(([name]) => name in CURRENT_NAMES)
  const field = (flat: string) => `threeds.${current ? Object.keys(CURRENT_NAMES).find((k) => CURRENT_NAMES[k] === flat)! : flat}`

  const success = byFlat.get('threedsSuccess')
  if (typeof success !== 'boolean') {
    throw new ApiError(
      400,
      'invalid_request',
      `${field('threedsSuccess')}: is required (whether the authentication passed)`,
      field('threedsSuccess'),
    )
  }
  const charge: ThreedsCharge = { threedsSuccess: success, text: {} }

  const authenticated = byFlat.get('threedsAmount')
  if (authenticated !== undefined) {
    const value = new Big(String(authenticated))
    if (!value.eq(checkout.amount)) {
      throw new ApiError(
        422,
        'threeds_mismatch',
        `The 3-D Secure authentication was for ${String(authenticated)}, not this checkout's ${checkout.amount} ${checkout.currency}; authenticate again`,
        field('threedsAmount'),
      )
    }
    charge.threedsAmount = checkout.amount
  } else if (success) {
    throw new ApiError(
      422,
      'threeds_incomplete',
      'The 3-D Secure result does not say which amount was authenticated',
      field('threedsAmount'),
    )
  }

  const code = byFlat.get('threedsCurrency')
  if (code !== undefined) {
    const given = String(code).toUpperCase()
    const matches = /^\d+$/.test(given) ? given.padStart(3, '0') === numericCurrencyCode(checkout.currency) : given === checkout.currency
    if (!matches) {
      throw new ApiError(
        422,
        'threeds_mismatch',
        `The 3-D Secure authentication was in ${String(code)}, not this checkout's ${checkout.currency}; authenticate again`,
        field('threedsCurrency'),
      )
    }
    charge.threedsCurrency = String(code)
  } else if (success) {
    throw new ApiError(
      422,
      'threeds_incomplete',
      'The 3-D Secure result does not say which currency was authenticated',
      field('threedsCurrency'),
    )
  }

  for (const [flat, value] of byFlat) {
    if (flat in FLAT_TEXT) charge.text[flat as FlatText] = value as string
  }
  return charge
}

/** The charge body's 3DS fields. CCBill takes only the first 16 characters of the card token and refuses longer ones. */
export function threedsChargeFields(threeds: ThreedsCharge, initialPrice: number): Record<string, unknown> {
  const { threedsCardToken, ...text } = threeds.text
  return {
    ...text,
    ...(threedsCardToken === undefined ? {} : { threedsCardToken: threedsCardToken.slice(0, 16) }),
    threedsSuccess: threeds.threedsSuccess,
    // A JSON number, as CCBill's schema has it; verifyThreeds made sure it is the checkout's amount, as initialPrice is.
    ...(threeds.threedsAmount === undefined ? {} : { threedsAmount: initialPrice }),
    ...(threeds.threedsCurrency === undefined ? {} : { threedsCurrency: threeds.threedsCurrency }),
  }
}
