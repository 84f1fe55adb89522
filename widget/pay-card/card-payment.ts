import type { CardDeclineReason } from '@pay-elements/contract'
import { PayApiError } from '../shared/api.js'
import { perServer } from '../shared/pay-element.js'
import { createCardApi, type CardApi, type CardCharge, type CardChargeRequest, type CardSession, type ThreedsResult } from './card-api.js'
import { inCcbillTurn, loadCcbill, scaRequired, widgetData, type CcbillViolation, type CcbillWidget } from './ccbill.js'
import type { CardField } from './i18n.js'

/**
 * The card payment itself, without its looks: session → payment token → SCA check → challenge
 * when required → charge → result. `<pay-card>` loads it when the payer starts on the form, so
 * the first paint carries only the form.
 */

/** What the payment needs from the element: its form, and the moments the payer sees. */
export interface PaymentSteps {
  /** The card routes; built from `server` when not given (tests give a fake). */
  card: CardApi | undefined
  server: string
  secret: string
  signal: AbortSignal
  /** The form, for `authenticateCustomer`. */
  form: HTMLFormElement
  /** Id of the container (inside the element, light DOM) where the 3-D Secure challenge goes. */
  challengeId: string
  /** The card's values CCBill takes from hidden fields (digits-only number, expMonth, expYear, first and last name). */
  cardFields: Record<string, string>
  /** Puts `data-ccbill` on the fields with these hidden values, or takes them off (undefined); resolves once drawn. */
  exposeFields(values: Record<string, string> | undefined): Promise<void>
  /** Shows the challenge container (and moves focus there), then resolves. */
  startChallenge(): Promise<void>
  /** Says "checking with your bank". */
  checking(): void
  /** Whether the checkout is paid already (the live status said so). */
  paid(): boolean
}

export type PaymentOutcome =
  | { status: 'approved' }
  | { status: 'declined'; reason: CardDeclineReason; text: string | null }
  /** CCBill named fields the payer can fix. */
  | { status: 'invalid'; fields: CardField[] }
  /** `refused`: CCBill would not take the details; `retryable`: try again later; `fatal`: the merchant must help. */
  | { status: 'failed'; problem: 'refused' | 'retryable' | 'fatal' }
  /** Nothing to say: paid meanwhile, the element left the page, or no charge was found after all. */
  | { status: 'stopped' }

/** CCBill's names for fields (in its violations and error bodies) → the field the payer can fix. */
const CCBILL_FIELDS: Record<string, CardField> = {
  cardNumber: 'number',
  cardNum: 'number',
  expMonth: 'expiry',
  expYear: 'expiry',
  cvv2: 'cvv',
  nameOnCard: 'name',
  firstName: 'name',
  lastName: 'name',
  customerFname: 'name',
  customerLname: 'name',
  email: 'email',
  country: 'country',
  postalCode: 'postal',
  zipcode: 'postal',
}

/** A session whose token has less than this left is renewed first: it must last through the 3-D Secure challenge. */
const TOKEN_MARGIN_MS = 60_000

/** One per element: keeps the CCBill session while its token is good. */
export class CardPayment {
  private session?: CardSession & { secret: string }
  private readonly cardApiFor = perServer((server) => createCardApi(server))

  async pay(steps: PaymentSteps): Promise<PaymentOutcome> {
    const { secret, signal } = steps
    const card = steps.card ?? this.cardApiFor(steps.server)
    try {
      if (this.session?.secret !== secret || Date.parse(this.session.auth_token_expires_at) - Date.now() < TOKEN_MARGIN_MS) {
        this.session = { ...(await card.session(secret, { signal })), secret }
      }
      const request = await this.tokenize(steps, this.session)
      if (!request) return { status: 'declined', reason: 'authentication_failed', text: null }
      let charge: CardCharge | null = null
      try {
        charge = await card.charge(secret, request, { signal })
      } catch (error) {
        // Another charge for this checkout is under way (a second tab, say): follow it instead.
        if (!(error instanceof PayApiError && error.code === 'charge_in_progress')) throw error
      }
      return await follow(steps, card, charge)
    } catch (error) {
      return signal.aborted ? { status: 'stopped' } : failure(error)
    }
  }

  /**
   * The payment token and, when the bank asks for it, the 3-D Secure result; undefined when the
   * challenge could not run. CCBill's guide (v1.13.1 "Create Payment Token (3DS)"): ask whether the
   * card needs SCA on the 3DS sub-account; if so authenticate there and make the token there, else
   * make it on the other sub-account.
   */
  private async tokenize(steps: PaymentSteps, session: CardSession): Promise<CardChargeRequest | undefined> {
    const { CCBillAdvancedWidget } = await loadCcbill(session.script_url)
    const plain = [session.auth_token, session.client_accnum, session.client_subacc] as const
    const threedsAccount = [session.auth_token, session.client_accnum, session.client_subacc_3ds] as const
    const token = async (widget: CcbillWidget, account: readonly [string, number, number]) =>
      ((await widgetData(await widget.createPaymentToken(...account))) as { paymentTokenId: string }).paymentTokenId
    return inCcbillTurn(async () => {
      await steps.exposeFields({
        ...steps.cardFields,
        amount: session.amount,
        currencyCode: session.currency_code,
        ipAddress: session.ip_address,
        browserHttpUserAgent: navigator.userAgent,
        browserHttpAcceptLanguage: navigator.languages.join(','),
      })
      try {
        const widget = new CCBillAdvancedWidget(session.application_id)
        if (!scaRequired(await widgetData(await widget.isScaRequired(...threedsAccount)))) {
          return { payment_token_id: await token(widget, plain) }
        }
        await steps.startChallenge()
        // A challenge that could not run at all counts as failed; its result, passed or failed, goes to the charge.
        const threeds = await widget
          .authenticateCustomer(...threedsAccount, steps.form, steps.challengeId)
          .then(widgetData, () => undefined)
        if (!threeds) return undefined
        return { payment_token_id: await token(widget, threedsAccount), threeds: threeds as ThreedsResult }
      } finally {
        await steps.exposeFields(undefined)
      }
    })
  }
}

/** Asks again, backing off, while the server is finding out from CCBill how a charge ended. */
async function follow(steps: PaymentSteps, card: CardApi, charge: CardCharge | null): Promise<PaymentOutcome> {
  for (let delay = charge ? 1000 : 0; !charge || charge.status === 'processing'; delay = Math.min(Math.max(delay * 2, 1000), 10_000)) {
    steps.checking()
    await new Promise((resolve) => setTimeout(resolve, delay))
    if (steps.signal.aborted || steps.paid()) return { status: 'stopped' }
    charge = await card.latestCharge(steps.secret, { signal: steps.signal })
    if (!charge) return { status: 'stopped' }
  }
  return charge.status === 'approved'
    ? { status: 'approved' }
    : { status: 'declined', reason: charge.decline_reason ?? 'declined', text: charge.decline_text }
}

/** CCBill's violations and error bodies name fields where they can; anything else is a failure to explain. */
async function failure(error: unknown): Promise<PaymentOutcome> {
  let named: { field?: string | null; propertyName?: string; target?: unknown; message?: string }[] = []
  let problem: 'refused' | 'retryable' | 'fatal' = 'retryable'
  if (Array.isArray(error)) {
    named = error as CcbillViolation[]
    // Only our hidden values are left (amount, IP address…): the payer cannot fix them.
    problem = 'fatal'
  } else if (error instanceof Response) {
    const body = (await error.json().catch(() => undefined)) as { errors?: { field?: string }[] } | undefined
    named = body?.errors ?? []
    if (error.status < 500) problem = 'refused'
  } else if (!PayApiError.from(error).retryable) {
    problem = 'fatal'
  }
  const fields = named.flatMap((each) => {
    // CCBill's "Unsupported characters" (ASCII only) names no field; of what the payer typed, only the name can carry such letters.
    if (each.message === 'Unsupported characters') return ['name' as const]
    const name = (each.target instanceof HTMLElement && each.target.dataset['ccbill']) || each.field || each.propertyName || ''
    return CCBILL_FIELDS[name.split('.').pop()!] ?? []
  })
  return fields.length ? { status: 'invalid', fields } : { status: 'failed', problem }
}
