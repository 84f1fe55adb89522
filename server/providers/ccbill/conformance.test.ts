import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, readJson, type Json, type TestApp } from '../../../test/helpers/app.js'
import { SANDBOX_DEFAULTS } from '../../config.js'
import { CcbillRefused, createCcbillClient } from './client.js'
import {
  ACCNUM,
  authenticate,
  oauthToken,
  paymentToken,
  paymentToken3ds,
  simRequest,
  SUBACC,
  SUBACC_3DS,
  V1,
  V2,
} from './test-support/widget-client.js'
import { widgetPage } from './test-support/widget-page.js'

/**
 * CCBill's RESTful API and Advanced Widget as CCBill documents them, replayed against the simulator
 * and its stand-in widget, and CCBill's documented answers fed to our client. Each case names where
 * it comes from, in CCBill/restful-api-guide (commit 1893984 unless said otherwise):
 * - "guide v1.13.1": the README's newest version (the v1.13.1 flows: non-3DS, "Create Payment Token
 *   (3DS)", "Authenticate Customer and Create Payment Token (One Step)", "Deferred Charges");
 * - "older README": the README at 1893984 (widget v1.9.0), also our seed document;
 * - "<file>.yaml": the per-endpoint OpenAPI files (Feb 2025) and `openapi.yaml` (2024);
 * - "WooCommerce plugin": CCBill/CCBill-woocommerce (includes/js/ccbillFunctions.js, wc-gateway-ccbill.php).
 * Where an example cannot be sent as printed the case says what was changed: card expiry dates
 * that have passed are moved to 2099, and the authentication values of 3DS examples (which belong
 * to someone else's authentication) are replaced with those of an authentication the simulator ran,
 * keeping every field, type and format of the example.
 */

let t: TestApp
beforeAll(async () => {
  t = await createTestApp('sqlite', { deps: { fetch: async () => new Response(null, { status: 204 }) } })
  await simRequest(t, '', '/control/webhooks', { body: { enabled: false } })
})
afterAll(() => t.dispose())

const expectError = async (response: Response, status: number, errorCode: number) => {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toBe('application/vnd.com.cwie.error.v1+json')
  const body: Json = await readJson(response)
  // Error400: id, url, errors, generalMessage, errorCode, timestamp.
  expect(body).toMatchObject({
    id: expect.any(String),
    url: expect.any(String),
    errors: expect.any(Array),
    errorCode,
    timestamp: expect.any(String),
  })
  return body
}

/** The values of a passed authentication of `card` for `amount`, under the charge's names. */
async function bankValues(card: string, amount: string, currency = '840') {
  const information = await authenticate(t, card, 'approve', amount, currency)
  return {
    threedsClientTransactionId: information.clientTransactionId,
    threedsSdkTransId: information.sdkTransId,
    threedsAcsTransId: information.acsTransId,
    threedsDsTransId: information.dsTransId,
    threedsAuthenticationValue: information.authenticationValue,
  }
}

const charge = async (token: string, body: unknown, threeds = false, accept = V2) =>
  simRequest(t, await oauthToken(t, 'backend'), `/transactions/payment-tokens/${threeds ? 'threeds/' : ''}${token}`, { body, accept })

describe('CCBill conformance: documented requests against the simulator', () => {
  it('guide v1.13.1 step 3: the OAuth token by curl -u id:secret and a form body', async () => {
    const response = await t.app.request('/sandbox/ccbill/ccbill-auth/oauth/token', {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${SANDBOX_DEFAULTS.CCBILL_FRONTEND_APP_ID}:${SANDBOX_DEFAULTS.CCBILL_FRONTEND_SECRET}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    })
    // openapi.yaml: {access_token, token_type, expires_in, scope}
    expect(await readJson(response)).toEqual({
      access_token: expect.any(String),
      token_type: expect.any(String),
      expires_in: expect.any(Number),
      scope: expect.any(String),
    })
  })

  it('older README: the OAuth endpoint with grant_type in the query string', async () => {
    const response = await t.app.request('/sandbox/ccbill/ccbill-auth/oauth/token?grant_type=client_credentials', {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${SANDBOX_DEFAULTS.CCBILL_BACKEND_APP_ID}:${SANDBOX_DEFAULTS.CCBILL_BACKEND_SECRET}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
    })
    expect(response.status).toBe(200)
  })

  it('openapi.yaml PaymentTokenMerchantOnlyParams example (expiry moved to 2099) and its PaymentToken answer', async () => {
    const body = {
      clientAccnum: ACCNUM,
      clientSubacc: SUBACC,
      subscriptionId: 0,
      customerInfo: {
        customerFname: 'Tyler',
        customerLname: 'Thomas',
        address1: 'Woodland Drive',
        address2: 'Apt 21',
        city: 'Tempe',
        state: 'AZ',
        zipcode: '85281',
        country: 'US',
        phoneNumber: '5555555555',
        email: 'tthomas@xyz.com',
        ipAddress: '10.70.60.14',
        browserHttpUserAgent: 'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:60.0) Gecko/20100101 Firefox/60.0',
        browserHttpAccept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        browserHttpAcceptLanguage: 'en-US,en;q=0.5',
        browserHttpAcceptEncoding: 'gzip, deflate, br',
      },
      paymentInfo: { creditCardPaymentInfo: { cardNum: '4473707989493598', nameOnCard: 'Tyler Thomas', expMonth: '04', expYear: '2099' } },
      timeToLive: 30,
      validNumberOfUse: 3,
    }
    const created: Json = await readJson(await simRequest(t, await oauthToken(t, 'frontend'), '/payment-tokens/merchant-only', { body }))
    expect(Object.keys(created).sort()).toEqual(
      [
        'paymentTokenId',
        'programParticipationId',
        'originalPaymentTokenId',
        'clientAccnum',
        'clientSubacc',
        'createdDatetime',
        'timeToLive',
        'validNumberOfUse',
        'subscriptionId',
        'paymentInfoId',
      ].sort(),
    )
    expect(created).toMatchObject({ clientAccnum: ACCNUM, clientSubacc: SUBACC, timeToLive: 30, validNumberOfUse: 3 })
    // post-merchant-only-verify.yaml: with cvv2, the answer adds cvv2Response and avsResponse.
    const verifyBody = { ...body, paymentInfo: { creditCardPaymentInfo: { ...body.paymentInfo.creditCardPaymentInfo, cvv2: '123' } } }
    const verified: Json = await readJson(
      await simRequest(t, await oauthToken(t, 'frontend'), '/payment-tokens/merchant-only-verify', { body: verifyBody }),
    )
    expect(verified).toMatchObject({ cvv2Response: expect.any(String), avsResponse: expect.any(String) })
    // The older README's "read token" answer carries errors: null.
    const read: Json = await readJson(await simRequest(t, await oauthToken(t, 'backend'), `/payment-tokens/${created.paymentTokenId}`))
    expect(read).toMatchObject({ paymentTokenId: created.paymentTokenId, errors: null })
  })

  it('post-merchant-only.yaml "Unsupported characters": names, address and name on card in ASCII only', async () => {
    const frontend = await oauthToken(t, 'frontend')
    const response = await simRequest(t, frontend, '/payment-tokens/merchant-only', {
      body: {
        clientAccnum: ACCNUM,
        clientSubacc: SUBACC,
        subscriptionId: 0,
        customerInfo: { customerFname: 'Zoë', customerLname: 'Müller', zipcode: '10115', country: 'DE', email: 'z@example.de' },
        paymentInfo: { creditCardPaymentInfo: { cardNum: '4111111111111111', nameOnCard: 'Zoë Müller', expMonth: '04', expYear: '2099' } },
      },
    })
    const body = await expectError(response, 400, 200000)
    expect(body).toMatchObject({ generalMessage: 'Validation failed!', errors: [{ field: null, message: 'Unsupported characters' }] })
  })

  it('get-threeds-required.yaml: the v2 answer is a bare boolean; openapi.yaml (v1): {required, amount}', async () => {
    const frontend = await oauthToken(t, 'frontend')
    const query = `bin=400000&last4=3220&clientAccnum=${ACCNUM}&clientSubacc=${SUBACC_3DS}&currencyCode=978`
    expect(await readJson(await simRequest(t, frontend, `/payment-tokens/threeds-required?${query}`))).toBe(true)
    expect(await readJson(await simRequest(t, frontend, `/payment-tokens/threeds-required?${query}`, { accept: V1 }))).toMatchObject({
      required: true,
    })
  })

  it('older README "Charge Payment Token (Without 3DS)" example (its second pass-through pair spells " value"; corrected)', async () => {
    const body = {
      clientAccnum: ACCNUM,
      clientSubacc: SUBACC,
      initialPrice: 19.99,
      initialPeriod: 30,
      currencyCode: 840,
      recurringPrice: 19.99,
      recurringPeriod: 30,
      rebills: 99,
      lifeTimeSubscription: false,
      createNewPaymentToken: false,
      passThroughInfo: [
        { name: 'custom1', value: '10000000942' },
        { name: 'custom2', value: '10058' },
      ],
    }
    // The README's response: declineCode, declineText, denialId, approved, paymentUniqueId, sessionId, subscriptionId (a string), newPaymentTokenId.
    expect(await readJson(await charge(await paymentToken(t), body))).toEqual({
      declineCode: null,
      declineText: null,
      denialId: null,
      approved: true,
      paymentUniqueId: expect.any(String),
      sessionId: null,
      subscriptionId: expect.stringMatching(/^\d+$/),
      newPaymentTokenId: null,
    })
  })

  it('guide v1.13.1 "Charge Payment Token" (non-3DS) curl', async () => {
    const body = { clientAccnum: ACCNUM, clientSubacc: SUBACC, initialPrice: 9.99, initialPeriod: 30, currencyCode: 840 }
    expect(await readJson(await charge(await paymentToken(t), body))).toMatchObject({ approved: true })
  })

  it('guide v1.13.1 "Create Payment Token (3DS)" step 7 curl: 2.2.0, no CAVV, no card token (it pairs currencyCode 978 with threedsCurrency "840")', async () => {
    const body = {
      clientAccnum: ACCNUM,
      clientSubacc: SUBACC_3DS,
      initialPrice: 9.99,
      initialPeriod: 30,
      currencyCode: 978,
      threedsEci: '05',
      threedsStatus: 'Y',
      threedsSuccess: true,
      threedsVersion: '2.2.0',
      threedsAmount: 9.99,
      threedsCurrency: '840',
      threedsAuthenticationType: '',
      ...(await bankValues('4000000000003220', '9.99', '978')),
    }
    expect(await readJson(await charge(await paymentToken3ds(t, '4000000000003220'), body, true))).toMatchObject({ approved: true })
  })

  it('post-payment-tokens-threeds-payment-token-id.yaml "Single billing 3DS transaction" (threedsAmount "50.0" as a string)', async () => {
    const body = {
      clientAccnum: ACCNUM,
      clientSubacc: SUBACC_3DS,
      initialPrice: 50,
      initialPeriod: 0,
      currencyCode: 978,
      passThroughInfo: [{ name: 'customerRef', value: 'cus_123' }],
      threedsEci: '05',
      threedsStatus: 'Y',
      threedsSuccess: true,
      threedsVersion: '2.2.0',
      threedsAmount: '50.0',
      threedsCurrency: '978',
      threedsAuthenticationType: '01',
      ...(await bankValues('4000000000003220', '50.00', '978')),
    }
    expect(await readJson(await charge(await paymentToken3ds(t, '4000000000003220'), body, true))).toMatchObject({ approved: true })
  })

  it('older README 3DS PHP example: every value a string, "threedsSuccess":"true", 1.0.2 with CAVV, XID and algorithm, a 16-character card token', async () => {
    const bank = await bankValues('4000000000003220', '10.00')
    const body = {
      clientAccnum: String(ACCNUM),
      clientSubacc: String(SUBACC_3DS),
      initialPrice: '10.00',
      currencyCode: '840',
      initialPeriod: '30',
      threedsEci: '05',
      threedsError: '',
      threedsStatus: 'Y',
      threedsSuccess: 'true',
      threedsVersion: '1.0.2',
      threedsXid: 'aWQteHc4ajJnNGIxZW8gICAgICA=',
      threedsCavv: bank.threedsAuthenticationValue,
      threedsCavvAlgorithm: 'SHA-256',
      threedsAmount: '10',
      threedsClientTransactionId: bank.threedsClientTransactionId,
      threedsCurrency: 'USD',
      threedsSdkTransId: '',
      threedsAcsTransId: '',
      threedsDsTransId: '',
      threedsAuthenticationType: '',
      threedsCardToken: 'gjeoB5NdJ1r6p0dG',
      threedsErrorDetail: '',
      threedsErrorCode: '',
      threedsResponse: '',
    }
    expect(await readJson(await charge(await paymentToken3ds(t, '4000000000003220'), body, true))).toMatchObject({ approved: true })
  })

  it('post-payment-tokens-threeds-payment-token-id.yaml: "Threeds amount is not equal to initialPrice" (as openapi.yaml\'s own example, 9.99 against 10)', async () => {
    const bank = await bankValues('4000000000003220', '9.99')
    const body = {
      clientAccnum: ACCNUM,
      clientSubacc: SUBACC_3DS,
      initialPrice: 9.99,
      initialPeriod: 10,
      recurringPrice: 15.0,
      recurringPeriod: 30,
      rebills: 99,
      currencyCode: '840',
      lifeTimeSubscription: false,
      createNewPaymentToken: false,
      passThroughInfo: [{ name: 'val1', value: 'val2' }],
      threedsEci: '05',
      threedsError: '',
      threedsStatus: 'Y',
      threedsSuccess: true,
      threedsVersion: '1.0.2',
      threedsXid: 'aWQteHc4ajJnNGIxZW8gICAgICA=',
      threedsCavv: bank.threedsAuthenticationValue,
      threedsCavvAlgorithm: 'SHA-256',
      threedsAmount: 10,
      threedsClientTransactionId: bank.threedsClientTransactionId,
      threedsCurrency: 'USD',
      threedsCardToken: 'gjeoB5NdJ1r6p0dG',
    }
    const refused = await expectError(await charge(await paymentToken3ds(t, '4000000000003220'), body, true), 400, 200000)
    expect(refused.errors).toContainEqual({ field: 'threedsAmount', message: 'Threeds amount is not equal to initialPrice' })
    expect(
      await readJson(await charge(await paymentToken3ds(t, '4000000000003220'), { ...body, threedsAmount: 9.99 }, true)),
    ).toMatchObject({
      approved: true,
    })
  })

  it('get-payment-tokens-payment-token-id.yaml: the charges of a token, on every sub-account without clientSubacc, on one with it', async () => {
    const token = await paymentToken3ds(t, '4111111111111111', { validNumberOfUse: 2 })
    const base = { clientAccnum: ACCNUM, initialPrice: 5, initialPeriod: 0, currencyCode: 840 }
    await charge(token, { ...base, clientSubacc: SUBACC })
    await charge(token, { ...base, clientSubacc: SUBACC_3DS })
    const backend = await oauthToken(t, 'backend')
    const all: Json = await readJson(await simRequest(t, backend, `/transactions/payment-tokens/${token}?clientAccnum=${ACCNUM}`))
    expect(all.map((c: Json) => c.clientSubacc).sort()).toEqual([SUBACC, SUBACC_3DS].sort())
    expect(all[0]).toEqual({ clientAccnum: ACCNUM, clientSubacc: expect.any(Number), subscriptionId: expect.stringMatching(/^\d+$/) })
    const one: Json = await readJson(
      await simRequest(t, backend, `/transactions/payment-tokens/${token}?clientAccnum=${ACCNUM}&clientSubacc=${SUBACC}`),
    )
    expect(one.map((c: Json) => c.clientSubacc)).toEqual([SUBACC])
  })
})

describe('CCBill conformance: the Advanced Widget as the guide and the WooCommerce plugin call it', () => {
  const FIELDS = {
    cardNumber: '4111 1111 1111 1111',
    expMonth: '04',
    expYear: '2099',
    cvv2: '123',
    nameOnCard: 'Tyler Thomas',
    firstName: 'Tyler',
    lastName: 'Thomas',
    postalCode: '85281',
    country: 'US',
    email: 'tthomas@example.com',
    amount: '9.99',
    currencyCode: '840',
  }
  let source: string
  beforeAll(async () => {
    source = await (await t.app.request('/sandbox/ccbill/js/v1.13.1/ccbill-advanced-widget.js')).text()
  })
  const on = (values: Record<string, string> = FIELDS) => widgetPage(t.app, source, values)

  it('guide v1.13.1 non-3DS: createPaymentToken(token, accnum, subacc), then .json() (no ipAddress field: optional)', async () => {
    const widget = new (on().ccbill.CCBillAdvancedWidget)('your-application-id')
    const response = await widget.createPaymentToken(await oauthToken(t, 'frontend'), ACCNUM, SUBACC)
    expect(await response.json()).toMatchObject({ paymentTokenId: expect.any(String), clientAccnum: ACCNUM, clientSubacc: SUBACC })
  })

  it('older README "time to live and number of use but no flags": createPaymentToken(token, accnum, subacc, null, null, 30, 3)', async () => {
    const widget = new (on().ccbill.CCBillAdvancedWidget)('your-application-id')
    const response = await widget.createPaymentToken(await oauthToken(t, 'frontend'), ACCNUM, SUBACC, null, null, 30, 3)
    expect(await response.json()).toMatchObject({ timeToLive: 30, validNumberOfUse: 3 })
  })

  it("WooCommerce plugin: createPaymentToken(settings.oauthToken, settings.clientAccnum, settings.clientSubacc) with its settings' strings", async () => {
    const widget = new (on().ccbill.CCBillAdvancedWidget)(SANDBOX_DEFAULTS.CCBILL_FRONTEND_APP_ID)
    const response = await widget.createPaymentToken(await oauthToken(t, 'frontend'), String(ACCNUM), '0')
    expect(response.status).toBe(200)
  })

  it("guide v1.13.1 custom IDs: new CCBillAdvancedWidget(id, customIds), and the older page's MerchantConnectWidget and changeDefaultFieldId", async () => {
    const { cardNumber, email, ...rest } = FIELDS
    const page = on({ ...rest, '#custom_cardNumber_id': cardNumber, '#emailId': email })
    const widget = new page.ccbill.MerchantConnectWidget('your-application-id', { cardNumber: 'custom_cardNumber_id' })
    widget.changeDefaultFieldId('email', 'emailId')
    expect((await widget.createPaymentToken(await oauthToken(t, 'frontend'), ACCNUM, SUBACC)).status).toBe(200)
  })

  it('older README violations: a synchronous throw of {target, message, propertyName}, message split on "."', async () => {
    const widget = new (on({ ...FIELDS, cardNumber: '4111 1111 1111 1112' }).ccbill.CCBillAdvancedWidget)('your-application-id')
    let thrown: Json
    try {
      widget.createPaymentToken(await oauthToken(t, 'frontend'), ACCNUM, SUBACC)
    } catch (error) {
      thrown = error
    }
    expect(thrown.map((item: Json) => item.message.split('.')[1])).toEqual(['Must be a valid credit card number'])
    expect(Object.keys(thrown[0]).sort()).toEqual(['message', 'propertyName', 'target'])
  })

  it("guide v1.13.1 3DS: isScaRequired on the 3DS sub-account, authenticateCustomer's threedsInformation, the token there, and the backend's mapping", async () => {
    const page = on({ ...FIELDS, cardNumber: '4000 0000 0000 3220' })
    const widget = new page.ccbill.CCBillAdvancedWidget('your-application-id')
    const frontend = await oauthToken(t, 'frontend')
    expect(await (await widget.isScaRequired(frontend, ACCNUM, SUBACC_3DS)).json()).toBe(true)
    const pending = widget.authenticateCustomer(frontend, ACCNUM, SUBACC_3DS)
    await page.decide('approve')
    const threedsInformation: Json = await pending
    // The Java backend's record: ThreedsInformation(eci, status, success, protocolVersion, amount, clientTransactionId,
    // currency, sdkTransId, acsTransId, dsTransId, authenticationType, authenticationValue).
    expect(Object.keys(threedsInformation).sort()).toEqual(
      [
        'eci',
        'status',
        'success',
        'protocolVersion',
        'amount',
        'clientTransactionId',
        'currency',
        'sdkTransId',
        'acsTransId',
        'dsTransId',
        'authenticationType',
        'authenticationValue',
      ].sort(),
    )
    expect(typeof threedsInformation.success).toBe('boolean')
    expect(typeof threedsInformation.amount).toBe('number')
    const paymentToken: Json = await (await widget.createPaymentToken(frontend, ACCNUM, SUBACC_3DS)).json()
    // The guide's backend: clientSubacc of the token, each field as threeds + name (protocolVersion → threedsVersion).
    const i = threedsInformation
    const body = {
      clientAccnum: paymentToken.clientAccnum,
      clientSubacc: paymentToken.clientSubacc,
      initialPrice: 9.99,
      initialPeriod: 10,
      currencyCode: '840',
      threedsEci: i.eci,
      threedsStatus: i.status,
      threedsSuccess: i.success,
      threedsVersion: i.protocolVersion,
      threedsAmount: i.amount,
      threedsClientTransactionId: i.clientTransactionId,
      threedsCurrency: i.currency,
      threedsSdkTransId: i.sdkTransId,
      threedsAcsTransId: i.acsTransId,
      threedsDsTransId: i.dsTransId,
      threedsAuthenticationType: i.authenticationType,
      threedsAuthenticationValue: i.authenticationValue,
    }
    expect(await readJson(await charge(paymentToken.paymentTokenId, body, true))).toMatchObject({ approved: true })
  })

  it('older README: authenticateCustomer(authToken, form, clientAccnum, clientSubacc, iframeId, paymentTokenId)', async () => {
    const token = await paymentToken3ds(t, '4111111111111111')
    const page = on()
    const widget = new page.ccbill.CCBillAdvancedWidget('your-application-id')
    // A card that needs no challenge is authenticated at once.
    const result: Json = await widget.authenticateCustomer(await oauthToken(t, 'frontend'), null, ACCNUM, SUBACC_3DS, null, token)
    expect(result).toMatchObject({ success: true, status: 'Y' })
  })

  it('guide v1.13.1 one step: authenticateCustomerAndCreatePaymentToken resolves {paymentToken, threedsInformation}', async () => {
    const page = on({ ...FIELDS, cardNumber: '4000 0000 0000 3220' })
    const pending = new page.ccbill.CCBillAdvancedWidget('your-application-id').authenticateCustomerAndCreatePaymentToken(
      await oauthToken(t, 'frontend'),
      ACCNUM,
      SUBACC_3DS,
    )
    await page.decide('approve')
    const response: Json = await pending
    expect(response.paymentToken).toMatchObject({ paymentTokenId: expect.any(String), clientSubacc: SUBACC_3DS })
    expect(response.threedsInformation).toMatchObject({ success: true })
  })

  it('guide v1.13.1 deferred: createPaymentToken3DS, then charged later through the non-3DS endpoint', async () => {
    const page = on({ ...FIELDS, cardNumber: '4000 0000 0000 3220' })
    const pending = new page.ccbill.CCBillAdvancedWidget('your-application-id').createPaymentToken3DS(
      await oauthToken(t, 'frontend'),
      ACCNUM,
      SUBACC_3DS,
    )
    await page.decide('approve')
    const paymentToken: Json = await pending
    const body = { clientAccnum: ACCNUM, clientSubacc: SUBACC, initialPrice: 9.99, initialPeriod: 30, currencyCode: 840 }
    expect(await readJson(await charge(paymentToken.paymentTokenId, body))).toMatchObject({ approved: true })
  })
})

describe("CCBill conformance: our client reads CCBill's documented answers", () => {
  const config = {
    accnum: String(ACCNUM),
    subacc: '0',
    subacc3ds: '1',
    frontendAppId: 'f',
    frontendSecret: 'f',
    backendAppId: 'b',
    backendSecret: 'b',
    baseUrl: 'https://api.ccbill.com',
  }
  /** A client whose OAuth works and whose next API call gets `status` and `body`. */
  const clientAnswering = (status: number, body: string, contentType = 'application/vnd.mcn.transaction-service.api.v.2+json') =>
    createCcbillClient({
      config,
      clock: Date.now,
      timeoutMs: 1000,
      fetch: async (url) =>
        String(url).includes('/oauth/')
          ? Response.json({ access_token: 'at', token_type: 'bearer', expires_in: 3600, scope: 'charge_token' })
          : new Response(body || null, { status, headers: { 'content-type': contentType } }),
    })

  it('post-payment-tokens-threeds-payment-token-id.yaml "Succesful Transaction" (v2): approved, subscriptionId a string', async () => {
    const answer = await clientAnswering(
      200,
      '{"declineCode":null,"declineText":null,"denialId":null,"approved":true,"paymentUniqueId":"z8Zprmki+WoAyOwj74Ei3w","sessionId":null,"newPaymentTokenId":null,"subscriptionId":"925014201000000206"}',
    ).charge('ee0d05a3c41127025decd7c37855f42a', {}, true)
    expect(answer).toEqual({ approved: true, subscriptionId: '925014201000000206', declineCode: null, declineText: null })
  })

  it('providers.md §3.5 decline example: HTTP 200 approved:false with a numeric denialId', async () => {
    const answer = await clientAnswering(
      200,
      '{"declineCode":27,"declineText":"System Error, Please Try Again","denialId":925013101000000100,"approved":false,"paymentUniqueId":null,"sessionId":null,"newPaymentTokenId":null,"subscriptionId":null}',
    ).charge('ee0d05a3c41127025decd7c37855f42a', {}, false)
    expect(answer).toEqual({ approved: false, subscriptionId: null, declineCode: '27', declineText: 'System Error, Please Try Again' })
  })

  it('post-merchant-only.yaml "Unsupported characters" and "Customer and Payment information required": errors whose field is null', async () => {
    const body =
      '{"id":"9343a797-bcb2-4f27-bb8d-931b5e57cb3c","url":"/payment-tokens/merchant-only","errors":[{"field":null,"message":"Unsupported characters"}],"generalMessage":"Validation failed!","errorCode":200000,"timestamp":"2025-01-12T07:27:45.734Z"}'
    const error = await clientAnswering(400, body, 'application/vnd.com.cwie.error.v1+json')
      .charge('ee0d05a3c41127025decd7c37855f42a', {}, false)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CcbillRefused)
    expect(error).toMatchObject({ status: 400, errorCode: 200000, errors: [{ field: '', message: 'Unsupported characters' }] })
  })

  it('post-payment-tokens-threeds-payment-token-id.yaml "Expired token error" (errors: [], errorCode 100102)', async () => {
    const body =
      '{"id":"757bb1a4-2795-463e-a301-2d44188ecdcb","url":"/transactions/payment-tokens/threeds/{paymentTokenId}","errors":[],"generalMessage":"Expired payment token","errorCode":100102,"timestamp":"2025-01-14T12:53:00.665Z"}'
    const error = await clientAnswering(400, body, 'application/vnd.com.cwie.error.v1+json')
      .charge('ee0d05a3c41127025decd7c37855f42a', {}, true)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ errorCode: 100102, generalMessage: 'Expired payment token' })
  })

  it('get-payment-tokens-payment-token-id.yaml "Multi-subaccount transactions charged by a Payment Token"', async () => {
    const body =
      '[{"clientAccnum":900684,"clientSubacc":0,"subscriptionId":"924313501000000101"},{"clientAccnum":900684,"clientSubacc":1,"subscriptionId":"924313501000000102"}]'
    expect(await clientAnswering(200, body).charges('ee0d05a3c41127025decd7c37855f42a', false)).toEqual([
      '924313501000000101',
      '924313501000000102',
    ])
  })
})
