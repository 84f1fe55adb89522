import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, readJson, type Json, type TestApp } from '../../../test/helpers/app.js'
import { eventually } from '../../../test/helpers/wait.js'
import { TEST_CARDS } from './test-cards.js'
import {
  ACCNUM,
  authenticate,
  oauthToken,
  paymentToken,
  simControl,
  paymentToken3ds,
  simCharges,
  simRequest,
  SUBACC,
  SUBACC_3DS,
  threedsFields,
  tokenBody,
  V1,
  V2,
} from './test-support/widget-client.js'
import { widgetPage } from './test-support/widget-page.js'

/**
 * The CCBill simulator on its own: as strict as CCBill's documentation (OAuth, media-type versions,
 * validation and the error table, token lifetime and uses, frontend versus backend tokens), the
 * test cards, the 3DS challenge, and the stand-in Advanced Widget script.
 */

const CHARGE = { clientAccnum: ACCNUM, clientSubacc: SUBACC, initialPrice: 19.9, initialPeriod: 0, currencyCode: 840 }

describe('CCBill simulator', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await createTestApp('sqlite', { deps: { fetch: async () => new Response(null, { status: 204 }) } })
    await simControl(t, '/webhooks', { enabled: false })
  })
  afterEach(() => t.dispose())

  const expectError = async (response: Response, status: number, errorCode: number, field?: string) => {
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toBe('application/vnd.com.cwie.error.v1+json')
    const body: Json = await readJson(response)
    expect(body).toMatchObject({ errorCode, id: expect.any(String), url: expect.stringMatching(/^\//), timestamp: expect.any(String) })
    if (field) expect(body.errors.map((e: Json) => e.field)).toContain(field)
    return body
  }

  describe('OAuth', () => {
    const mint = (authorization: string, body = 'grant_type=client_credentials', query = '') =>
      t.app.request(`/sandbox/ccbill/ccbill-auth/oauth/token${query}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      })

    it('mints distinct, expiring bearer tokens for the frontend and backend credentials', async () => {
      const response = await mint(`Basic ${btoa('sandbox-ccbill-backend-app-id:sandbox-ccbill-backend-secret')}`)
      expect(response.status).toBe(200)
      expect(await readJson(response)).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 3600,
        scope: 'create_token read_token charge_token',
      })
      // grant_type may come in the query string instead, as CCBill's README writes it.
      const frontend = await mint(
        `Basic ${btoa('sandbox-ccbill-frontend-app-id:sandbox-ccbill-frontend-secret')}`,
        '',
        '?grant_type=client_credentials',
      )
      expect((await readJson(frontend)).scope).toBe('create_token read_token')
    })

    it('refuses wrong credentials, a mixed-up pair, the README curl mistake and other grants', async () => {
      expect((await mint(`Basic ${btoa('sandbox-ccbill-frontend-app-id:sandbox-ccbill-backend-secret')}`)).status).toBe(401)
      expect((await mint(`Basic ${btoa('Basic sandbox-ccbill-backend-app-id:sandbox-ccbill-backend-secret')}`)).status).toBe(401)
      expect((await mint('Bearer x')).status).toBe(401)
      const grant = await mint(`Basic ${btoa('sandbox-ccbill-backend-app-id:sandbox-ccbill-backend-secret')}`, 'grant_type=password')
      expect(grant.status).toBe(400)
    })

    it('stops taking a token once it expires (by the clock)', async () => {
      await simControl(t, '/oauth', { expires_in: 60 })
      const token = await oauthToken(t, 'frontend')
      expect((await simRequest(t, token, '/payment-tokens/merchant-only', { body: tokenBody() })).status).toBe(200)
      t.clock.advance(60_000)
      const expired = await simRequest(t, token, '/payment-tokens/merchant-only', { body: tokenBody() })
      expect(expired.status).toBe(401)
      expect(await readJson(expired)).toMatchObject({ error: 'invalid_token' })
    })
  })

  describe('payment tokens', () => {
    it('creates a token and reads it back, with v1 and v2 media types', async () => {
      const frontend = await oauthToken(t, 'frontend')
      const response = await simRequest(t, frontend, '/payment-tokens/merchant-only', {
        body: tokenBody('4111 1111 1111 1111'.replaceAll(' ', ''), { timeToLive: 2, validNumberOfUse: 3 }),
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toContain(V2)
      const created: Json = await readJson(response)
      expect(created).toEqual({
        paymentTokenId: expect.stringMatching(/^[0-9a-f]{32}$/),
        programParticipationId: null,
        originalPaymentTokenId: null,
        clientAccnum: ACCNUM,
        clientSubacc: SUBACC,
        createdDatetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
        timeToLive: 2,
        validNumberOfUse: 3,
        paymentInfoId: null,
        subscriptionId: null,
      })
      const read = await simRequest(t, frontend, `/payment-tokens/${created.paymentTokenId}`, { accept: V1 })
      expect(await readJson(read)).toMatchObject({ paymentTokenId: created.paymentTokenId, errors: null })
      // -verify takes the CVV and reports its check.
      const verified = await simRequest(t, frontend, '/payment-tokens/merchant-only-verify', {
        body: tokenBody('5555555555554444', {
          paymentInfo: {
            creditCardPaymentInfo: {
              cardNum: '5555555555554444',
              nameOnCard: 'Tyler Thomas',
              expMonth: '12',
              expYear: '2099',
              cvv2: '123',
            },
          },
        }),
      })
      expect(await readJson(verified)).toMatchObject({ cvv2Response: 'M', avsResponse: 'Y' })
    })

    it.each([
      ['an account number out of range', { clientAccnum: 12345 }, 400, 200000, 'clientAccnum'],
      ['a sub-account out of range', { clientSubacc: 10000 }, 400, 200000, 'clientSubacc'],
      ['a sub-account that is not ours', { clientSubacc: 7 }, 400, 200000, 'clientSubacc'],
      ['another account', { clientAccnum: 951234 }, 400, 100100, undefined],
      [
        'a Luhn-invalid card',
        { paymentInfo: { creditCardPaymentInfo: { cardNum: '4111111111111112', nameOnCard: 'A B', expMonth: '04', expYear: '2099' } } },
        400,
        200000,
        'paymentInfo.creditCardPaymentInfo.cardNum',
      ],
      [
        'a month 13',
        { paymentInfo: { creditCardPaymentInfo: { cardNum: '4111111111111111', nameOnCard: 'A B', expMonth: '13', expYear: '2099' } } },
        400,
        200000,
        'paymentInfo.creditCardPaymentInfo.expMonth',
      ],
      [
        'an expired card',
        { paymentInfo: { creditCardPaymentInfo: { cardNum: '4111111111111111', nameOnCard: 'A B', expMonth: '01', expYear: '2019' } } },
        400,
        200000,
        'paymentInfo.creditCardPaymentInfo.expYear',
      ],
      [
        'digits in the name on card',
        { paymentInfo: { creditCardPaymentInfo: { cardNum: '4111111111111111', nameOnCard: 'R2D2', expMonth: '04', expYear: '2099' } } },
        400,
        200000,
        'paymentInfo.creditCardPaymentInfo.nameOnCard',
      ],
      [
        'no first name',
        { customerInfo: { customerLname: 'T', zipcode: '85281', country: 'US', email: 'a@example.com', ipAddress: '198.51.100.7' } },
        400,
        200000,
        'customerInfo.customerFname',
      ],
      [
        'an unknown country',
        {
          customerInfo: {
            customerFname: 'T',
            customerLname: 'T',
            zipcode: '85281',
            country: 'XX',
            email: 'a@example.com',
            ipAddress: '198.51.100.7',
          },
        },
        400,
        200000,
        'customerInfo.country',
      ],
      [
        'a postal code wrong for the country',
        {
          customerInfo: {
            customerFname: 'T',
            customerLname: 'T',
            zipcode: 'ABC',
            country: 'US',
            email: 'a@example.com',
            ipAddress: '198.51.100.7',
          },
        },
        400,
        200000,
        'customerInfo.zipcode',
      ],
      [
        'a bad email',
        {
          customerInfo: {
            customerFname: 'T',
            customerLname: 'T',
            zipcode: '85281',
            country: 'US',
            email: 'not-an-email',
            ipAddress: '198.51.100.7',
          },
        },
        400,
        200000,
        'customerInfo.email',
      ],
      [
        'a malformed IP address',
        {
          customerInfo: {
            customerFname: 'T',
            customerLname: 'T',
            zipcode: '85281',
            country: 'US',
            email: 'a@example.com',
            ipAddress: '198.51.100.999',
          },
        },
        400,
        200000,
        'customerInfo.ipAddress',
      ],
      ['a negative lifetime', { timeToLive: -1 }, 400, 200000, 'timeToLive'],
      ['uses beyond the maximum', { validNumberOfUse: 2147483648 }, 400, 200000, 'validNumberOfUse'],
      ['no card and no customer', { customerInfo: undefined, paymentInfo: undefined }, 400, 200000, 'customerInfo'],
    ])('refuses %s', async (_name, overrides, status, code, field) => {
      const frontend = await oauthToken(t, 'frontend')
      const response = await simRequest(t, frontend, '/payment-tokens/merchant-only', { body: tokenBody('4111111111111111', overrides) })
      const body = await expectError(response, status, code, field)
      if (code === 200000) expect(body.generalMessage).toBe('Validation failed!')
    })

    it('refuses names, address and name on card outside ASCII with "Unsupported characters", as the API document says', async () => {
      const frontend = await oauthToken(t, 'frontend')
      const customer = { customerLname: 'Muller', zipcode: '10115', country: 'DE', email: 'j@example.de', ipAddress: '198.51.100.7' }
      const cases = [
        { customerInfo: { ...customer, customerFname: 'José' } },
        { customerInfo: { ...customer, customerFname: 'Jose', address1: 'Straße 5' } },
        {
          customerInfo: { ...customer, customerFname: 'Jose' },
          paymentInfo: {
            creditCardPaymentInfo: { cardNum: '4111111111111111', nameOnCard: 'José Müller', expMonth: '04', expYear: '2099' },
          },
        },
      ]
      for (const overrides of cases) {
        const body = await expectError(
          await simRequest(t, frontend, '/payment-tokens/merchant-only', { body: tokenBody('4111111111111111', overrides) }),
          400,
          200000,
        )
        expect(body.errors).toEqual([{ field: null, message: 'Unsupported characters' }])
      }
      const ascii = { customerInfo: { ...customer, customerFname: 'Jose', address1: 'Strasse 5' } }
      expect((await simRequest(t, frontend, '/payment-tokens/merchant-only', { body: tokenBody('4111111111111111', ascii) })).status).toBe(
        200,
      )
    })

    it('takes a token without ipAddress (optional in the newest guide) and on either sub-account of the account', async () => {
      const frontend = await oauthToken(t, 'frontend')
      const { ipAddress: _, ...customer } = tokenBody().customerInfo
      const without = await simRequest(t, frontend, '/payment-tokens/merchant-only', {
        body: tokenBody('4111111111111111', { customerInfo: customer }),
      })
      expect(without.status).toBe(200)
      const threeds: Json = await readJson(
        await simRequest(t, frontend, '/payment-tokens/merchant-only', {
          body: tokenBody('4111111111111111', { clientSubacc: SUBACC_3DS }),
        }),
      )
      expect(threeds).toMatchObject({ clientAccnum: ACCNUM, clientSubacc: SUBACC_3DS })
      // Account numbers as strings, as CCBill's WooCommerce plugin passes them.
      const strings = await simRequest(t, frontend, '/payment-tokens/merchant-only', {
        body: tokenBody('4111111111111111', { clientAccnum: String(ACCNUM), clientSubacc: '0' }),
      })
      expect(await readJson(strings)).toMatchObject({ clientAccnum: ACCNUM, clientSubacc: 0 })
    })

    it('answers 406 100015 to a missing or unknown Accept version, and 401 without a token', async () => {
      const frontend = await oauthToken(t, 'frontend')
      await expectError(
        await simRequest(t, frontend, '/payment-tokens/merchant-only', { body: tokenBody(), accept: 'application/json' }),
        406,
        100015,
      )
      await expectError(
        await simRequest(t, frontend, '/payment-tokens/merchant-only', {
          body: tokenBody(),
          accept: 'application/vnd.mcn.transaction-service.api.v.3+json',
        }),
        406,
        100015,
      )
      expect((await simRequest(t, 'nope', '/payment-tokens/merchant-only', { body: tokenBody() })).status).toBe(401)
    })

    it('says which cards need 3DS, as a bare boolean in v2 and an object in v1', async () => {
      const frontend = await oauthToken(t, 'frontend')
      const ask = (bin: string, last4: string, accept = V2) =>
        simRequest(
          t,
          frontend,
          `/payment-tokens/threeds-required?bin=${bin}&last4=${last4}&clientAccnum=${ACCNUM}&clientSubacc=${SUBACC}&currencyCode=840`,
          { accept },
        )
      expect(await (await ask('400000', '3220')).text()).toBe('true')
      expect(await (await ask('400000', '1629')).text()).toBe('true')
      expect(await (await ask('411111', '1111')).text()).toBe('false')
      expect(await readJson(await ask('400000', '3220', V1))).toEqual({ required: true, amount: null })
      await expectError(await ask('4000', '3220'), 400, 200000, 'bin')
      const token = await paymentToken(t, '4000000000003220')
      expect(await (await simRequest(t, frontend, `/payment-tokens/${token}/threeds-required?currencyCode=978`)).text()).toBe('true')
      await expectError(
        await simRequest(t, frontend, `/payment-tokens/${token}/threeds-required?currencyCode=999`),
        400,
        200000,
        'currencyCode',
      )
    })

    it('answers CORS for the browser-facing paths and not for OAuth or charges', async () => {
      const preflight = (path: string) =>
        t.app.request(`/sandbox/ccbill${path}`, {
          method: 'OPTIONS',
          headers: {
            origin: 'https://shop.example',
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type',
          },
        })
      const allowed = await preflight('/payment-tokens/merchant-only')
      expect(allowed.headers.get('access-control-allow-origin')).toBe('*')
      expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization')
      expect((await preflight('/threeds/sessions')).headers.get('access-control-allow-origin')).toBe('*')
      expect((await preflight('/ccbill-auth/oauth/token')).headers.get('access-control-allow-origin')).toBeNull()
      expect((await preflight('/transactions/payment-tokens/abc')).headers.get('access-control-allow-origin')).toBeNull()
    })
  })

  describe('charges', () => {
    const charge = async (token: string, paymentTokenId: string, body: unknown = CHARGE, accept = V2, threeds = false) =>
      simRequest(t, token, `/transactions/payment-tokens/${threeds ? 'threeds/' : ''}${paymentTokenId}`, { body, accept })

    it('approves with a v2 string subscriptionId, or a v1 JSON number', async () => {
      const backend = await oauthToken(t, 'backend')
      const v2 = await charge(backend, await paymentToken(t))
      expect(v2.status).toBe(200)
      const approved: Json = await readJson(v2)
      expect(approved).toEqual({
        declineCode: null,
        declineText: null,
        denialId: null,
        approved: true,
        paymentUniqueId: expect.any(String),
        sessionId: null,
        newPaymentTokenId: null,
        subscriptionId: expect.stringMatching(/^[1-9]\d{18}$/),
      })
      const v1 = await charge(backend, await paymentToken(t), CHARGE, V1)
      const text = await v1.text()
      expect(text).toMatch(/"subscriptionId":[1-9]\d{18}[,}]/)
      expect(typeof JSON.parse(text).subscriptionId).toBe('number')
    })

    it('declines as HTTP 200 approved:false, with the test card code and text', async () => {
      const backend = await oauthToken(t, 'backend')
      const response = await charge(backend, await paymentToken(t, '4000000000000002'))
      expect(response.status).toBe(200)
      expect(await readJson(response)).toMatchObject({
        approved: false,
        declineCode: 24,
        declineText: 'Insufficient funds',
        subscriptionId: null,
        denialId: expect.any(String),
      })
    })

    it('refuses to charge with a frontend token (403 100020)', async () => {
      const frontend = await oauthToken(t, 'frontend')
      await expectError(await charge(frontend, await paymentToken(t)), 403, 100020)
      expect(await readJson(await t.app.request('/sandbox/ccbill/control/charges'))).toEqual([])
    })

    it('keeps to the token lifetime (hours) and number of uses', async () => {
      const backend = await oauthToken(t, 'backend')
      const once = await paymentToken(t, '4111111111111111', { validNumberOfUse: 1, timeToLive: 1 })
      expect((await readJson(await charge(backend, once))).approved).toBe(true)
      await expectError(await charge(backend, once), 400, 200000, 'paymentTokenId')
      const hour = await paymentToken(t, '4111111111111111', { timeToLive: 1 })
      t.clock.advance(3_600_000)
      const renewed = await oauthToken(t, 'backend')
      await expectError(await charge(renewed, hour), 400, 100102)
      await expectError(await charge(renewed, 'ffffffffffffffffffffffffffffffff'), 404, 100101)
    })

    it('validates the charge: numbers where CCBill wants numbers, a known currency, its own account', async () => {
      const backend = await oauthToken(t, 'backend')
      const token = await paymentToken(t)
      await expectError(await charge(backend, token, { ...CHARGE, initialPrice: 'free' }), 400, 200000, 'initialPrice')
      await expectError(await charge(backend, token, { ...CHARGE, initialPrice: 19.999 }), 400, 200000, 'initialPrice')
      await expectError(await charge(backend, token, { ...CHARGE, initialPeriod: undefined }), 400, 200000, 'initialPeriod')
      await expectError(await charge(backend, token, { ...CHARGE, currencyCode: 360 }), 400, 200000, 'currencyCode')
      await expectError(await charge(backend, token, { ...CHARGE, recurringPrice: 9.99 }), 400, 200000, 'recurringPeriod')
      await expectError(await charge(backend, token, { ...CHARGE, clientAccnum: 951234 }), 400, 100100)
      await expectError(await charge(backend, token, { ...CHARGE, clientSubacc: 7 }), 400, 200000, 'clientSubacc')
      await expectError(await charge(backend, token, CHARGE, 'application/json'), 406, 100015)
    })

    it("takes numbers and flags sent as strings, as the older guide's PHP example sends them", async () => {
      const backend = await oauthToken(t, 'backend')
      const strings = { clientAccnum: String(ACCNUM), clientSubacc: '0', initialPrice: '19.90', initialPeriod: '0', currencyCode: '840' }
      expect(await readJson(await charge(backend, await paymentToken(t), { ...strings, createNewPaymentToken: 'false' }))).toMatchObject({
        approved: true,
      })
      expect((await simCharges(t))[0]).toMatchObject({ amount: '19.90', currencyCode: '840', clientSubacc: 0 })
    })

    it('knows more sub-accounts when told, as a merchant with one for tokens and one per kind of charge has them', async () => {
      const backend = await oauthToken(t, 'backend')
      await expectError(await charge(backend, await paymentToken(t), { ...CHARGE, clientSubacc: 7 }), 400, 200000, 'clientSubacc')
      expect(await simControl(t, '/subaccounts', { clientSubacc: 7 })).toContainEqual({ clientSubacc: 7, threeds: false })
      const token = await paymentToken(t, '4111111111111111', { clientSubacc: 7 })
      expect(await readJson(await charge(backend, token, { ...CHARGE, clientSubacc: SUBACC }))).toMatchObject({ approved: true })
      expect(await readJson(await t.app.request('/sandbox/ccbill/control/subaccounts'))).toEqual([
        { clientSubacc: SUBACC, threeds: false },
        { clientSubacc: SUBACC_3DS, threeds: true },
        { clientSubacc: 7, threeds: false },
      ])
    })

    it("charges a token on another sub-account of its account, as CCBill's WooCommerce plugin does", async () => {
      const backend = await oauthToken(t, 'backend')
      const token = await paymentToken3ds(t, '4111111111111111')
      expect(await readJson(await charge(backend, token, CHARGE))).toMatchObject({ approved: true })
      expect((await simCharges(t))[0]).toMatchObject({ clientSubacc: SUBACC, threeds: false })
    })

    it('declines a 3DS card charged without 3DS, and runs the 3DS endpoint on the challenge result', async () => {
      const backend = await oauthToken(t, 'backend')
      const plain: Json = await readJson(await charge(backend, await paymentToken(t, '4000000000003220')))
      expect(plain).toMatchObject({ approved: false, declineCode: 55 })

      // authenticateCustomer's result as CCBill's newest guide shows it, mapped as its backend maps it.
      const passed = await authenticate(t, '4000000000003220', 'approve')
      expect(Object.keys(passed).sort()).toEqual(
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
      expect(passed).toMatchObject({ success: true, status: 'Y', eci: '05', protocolVersion: '2.2.0', amount: 19.9, currency: '840' })
      const token = await paymentToken3ds(t, '4000000000003220')
      const body = { ...CHARGE, clientSubacc: SUBACC_3DS, ...threedsFields(passed) }
      expect(await readJson(await charge(backend, token, body, V2, true))).toMatchObject({ approved: true })
      expect((await simCharges(t))[0]).toMatchObject({ threeds: true, approved: true, clientSubacc: SUBACC_3DS })

      const failed = await authenticate(t, '4000008400001629', 'approve')
      expect(failed).toMatchObject({ success: false, status: 'N', authenticationValue: '' })
      const failedBody = { ...CHARGE, clientSubacc: SUBACC_3DS, ...threedsFields(failed) }
      expect(await readJson(await charge(backend, await paymentToken3ds(t, '4000008400001629'), failedBody, V2, true))).toMatchObject({
        approved: false,
        declineCode: 54,
      })

      // Neither verification nor error values: the documented validation error.
      const neither = { ...CHARGE, clientSubacc: SUBACC_3DS, threedsSuccess: true, threedsClientTransactionId: 'id-1' }
      await expectError(await charge(backend, await paymentToken3ds(t, '4000000000003220'), neither, V2, true), 400, 200000, 'threedsError')
      // A made-up authentication does not pass.
      const forged = { ...body, threedsAuthenticationValue: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }
      expect(await readJson(await charge(backend, await paymentToken3ds(t, '4000000000003220'), forged, V2, true))).toMatchObject({
        approved: false,
        declineCode: 54,
      })
    })

    it('takes every documented form of the 3DS charge: the newest 2.2.0 one, "true" as a string, a 1.0.2 CAVV', async () => {
      const backend = await oauthToken(t, 'backend')
      const passed = threedsFields(await authenticate(t, '4000000000003220', 'approve'))
      const base = { ...CHARGE, clientSubacc: SUBACC_3DS }
      // No threedsCavv and no threedsCardToken, as in CCBill's newest examples (the YAML's required list names both).
      expect(passed).not.toHaveProperty('threedsCavv')
      expect(passed).not.toHaveProperty('threedsCardToken')
      // The older README's PHP example: every value a string, threedsSuccess included, "" for unused fields.
      const asStrings = {
        clientAccnum: String(ACCNUM),
        clientSubacc: String(SUBACC_3DS),
        initialPrice: '19.90',
        currencyCode: '840',
        initialPeriod: '0',
        ...passed,
        threedsSuccess: 'true',
        threedsAmount: '19.9',
        threedsCurrency: 'USD',
        threedsError: '',
        threedsErrorDetail: '',
      }
      expect(await readJson(await charge(backend, await paymentToken3ds(t, '4000000000003220'), asStrings, V2, true))).toMatchObject({
        approved: true,
      })
      // A 1.0.2 result carries CAVV, XID and algorithm, and a card token of at most 16 characters.
      const v1 = await authenticate(t, '4000000000003220', 'approve')
      const v1Body = {
        ...base,
        threedsEci: '05',
        threedsStatus: 'Y',
        threedsSuccess: true,
        threedsVersion: '1.0.2',
        threedsClientTransactionId: v1.clientTransactionId,
        threedsCavv: v1.authenticationValue,
        threedsXid: 'aWQteHc4ajJnNGIxZW8gICAgICA=',
        threedsCavvAlgorithm: 'SHA-256',
        threedsAmount: 19.9,
      }
      await expectError(
        await charge(backend, await paymentToken3ds(t, '4000000000003220'), { ...v1Body, threedsXid: '' }, V2, true),
        400,
        200000,
        'threedsXid',
      )
      await expectError(
        await charge(backend, await paymentToken3ds(t, '4000000000003220'), { ...v1Body, threedsCardToken: 'gjeoB5NdJ1r6p0dGx' }, V2, true),
        400,
        200000,
        'threedsCardToken',
      )
      expect(
        await readJson(
          await charge(
            backend,
            await paymentToken3ds(t, '4000000000003220'),
            { ...v1Body, threedsCardToken: 'gjeoB5NdJ1r6p0dG' },
            V2,
            true,
          ),
        ),
      ).toMatchObject({ approved: true })
    })

    it('refuses a 3DS amount other than initialPrice, declines an authentication for another amount, and keeps 3DS on its sub-account', async () => {
      const backend = await oauthToken(t, 'backend')
      const cents = threedsFields(await authenticate(t, '4000000000003220', 'approve', '0.01'))
      const base = { ...CHARGE, clientSubacc: SUBACC_3DS, initialPrice: 25 }
      const token = await paymentToken3ds(t, '4000000000003220')
      const mismatch = await expectError(await charge(backend, token, { ...base, ...cents }, V2, true), 400, 200000, 'threedsAmount')
      expect(mismatch.errors).toContainEqual({ field: 'threedsAmount', message: 'Threeds amount is not equal to initialPrice' })
      // Claiming 25.00 for an authentication of 0.01 passes validation but not the authentication.
      expect(await readJson(await charge(backend, token, { ...base, ...cents, threedsAmount: 25 }, V2, true))).toMatchObject({
        approved: false,
        declineCode: 54,
      })
      // A 3DS charge on the non-3DS sub-account, or of a token made there, is refused.
      const passed = threedsFields(await authenticate(t, '4000000000003220', 'approve'))
      const onPlain = await expectError(
        await charge(backend, await paymentToken3ds(t, '4000000000003220'), { ...CHARGE, ...passed }, V2, true),
        400,
        200000,
        'clientSubacc',
      )
      expect(onPlain.errors).toEqual([{ field: 'clientSubacc', message: 'Invalid Target Client Subacc.' }])
      await expectError(
        await charge(backend, await paymentToken(t, '4000000000003220'), { ...CHARGE, clientSubacc: SUBACC_3DS, ...passed }, V2, true),
        400,
        200000,
        'clientSubacc',
      )
    })

    it('lists the approved charges of a token for the backend', async () => {
      const backend = await oauthToken(t, 'backend')
      const token = await paymentToken(t)
      const { subscriptionId } = await readJson(await charge(backend, token))
      const list = await simRequest(t, backend, `/transactions/payment-tokens/${token}?clientAccnum=${ACCNUM}&clientSubacc=${SUBACC}`)
      expect(await readJson(list)).toEqual([{ clientAccnum: ACCNUM, clientSubacc: SUBACC, subscriptionId }])
      const frontend = await oauthToken(t, 'frontend')
      expect(
        (await simRequest(t, frontend, `/transactions/payment-tokens/${token}?clientAccnum=${ACCNUM}&clientSubacc=${SUBACC}`)).status,
      ).toBe(403)
    })
  })

  describe('webhooks', () => {
    it('posts UpSaleSuccess and UpSaleFailure with string fields and pass-through values, in JSON or form encoding', async () => {
      await simControl(t, '/webhooks', { enabled: true, retry_delays_ms: [] })
      const backend = await oauthToken(t, 'backend')
      const body = { ...CHARGE, passThroughInfo: [{ name: 'checkout_id', value: 'co_1' }] }
      await simRequest(t, backend, `/transactions/payment-tokens/${await paymentToken(t)}`, { body })
      const sent = async (): Promise<Json[]> => readJson(await t.app.request('/sandbox/ccbill/control/webhooks'))
      await eventually(async () => expect((await sent())[0].attempts).toHaveLength(1))
      await simControl(t, '/webhooks', { format: 'form' })
      await simRequest(t, backend, `/transactions/payment-tokens/${await paymentToken(t, '4000000000000002')}`, { body })
      await eventually(async () => expect((await sent())[0].attempts).toHaveLength(1))
      const [form, json] = await sent()

      const url = new URL(json.url)
      expect(url.origin + url.pathname).toBe('http://localhost:8787/webhooks/ccbill')
      expect(Object.fromEntries(url.searchParams)).toEqual({
        clientAccnum: '900000',
        clientSubacc: '0000',
        eventType: 'UpSaleSuccess',
        eventGroupType: 'Subscription',
      })
      expect(json.attempts[0].format).toBe('json')
      expect(Object.values(json.fields).every((v) => typeof v === 'string')).toBe(true)
      expect(json.fields).toMatchObject({
        subscriptionId: expect.stringMatching(/^\d{19}$/),
        transactionId: expect.stringMatching(/^\d{19}$/),
        clientAccnum: '900000',
        clientSubacc: '0000',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
        billedInitialPrice: '19.90',
        billedCurrencyCode: '840',
        billedCurrency: 'USD',
        initialPeriod: '0',
        cardType: 'VISA',
        last4: '1111',
        source: 'API',
        'X-checkout_id': 'co_1',
      })
      expect(new URL(form.url).searchParams.get('eventType')).toBe('UpSaleFailure')
      expect(form.attempts[0].format).toBe('form')
      expect(form.fields).toMatchObject({ failureCode: '24', failureReason: 'Insufficient funds', 'X-checkout_id': 'co_1' })
      expect(form.fields.subscriptionId).toBeUndefined()
    })
  })

  describe('faults', () => {
    it('queues faults per endpoint and clears them', async () => {
      const state = await simControl(t, '/faults', { fault: 'http_500', endpoint: 'charge', times: 2, latency_ms: 0 })
      expect(state.faults).toEqual([
        { fault: 'http_500', endpoint: 'charge' },
        { fault: 'http_500', endpoint: 'charge' },
      ])
      const backend = await oauthToken(t, 'backend')
      await expectError(
        await simRequest(t, backend, `/transactions/payment-tokens/${await paymentToken(t)}`, { body: CHARGE }),
        500,
        100103,
      )
      const cleared = await t.app.request('/sandbox/ccbill/control/faults', { method: 'DELETE' })
      expect((await readJson(cleared)).faults).toEqual([])
      const bad = await t.app.request('/sandbox/ccbill/control/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"fault":"explode"}',
      })
      expect(bad.status).toBe(400)
    })
  })

  describe('test cards and the 3DS challenge page', () => {
    it('serves the test cards', async () => {
      const cards: Json = await readJson(await t.app.request('/sandbox/ccbill/test-cards'))
      expect(cards).toEqual(TEST_CARDS)
      expect(cards.map((c: Json) => c.outcome)).toEqual(['approve', 'approve', 'decline', '3ds-pass', '3ds-fail'])
    })

    it('serves a challenge page with no inline script or style, framable, posting the choice back', async () => {
      const frontend = await oauthToken(t, 'frontend')
      const started: Json = await readJson(
        await simRequest(t, frontend, '/threeds/sessions', {
          body: {
            clientAccnum: ACCNUM,
            clientSubacc: SUBACC_3DS,
            cardNumber: '4000000000003220',
            expMonth: '04',
            expYear: '2099',
            nameOnCard: 'A B',
            email: 'a@example.com',
            amount: '19.90',
            currencyCode: '840',
          },
        }),
      )
      expect(started).toMatchObject({ challengeRequired: true, result: null })
      const page = await t.app.request(new URL(started.challengeUrl).pathname)
      const csp = page.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain('frame-ancestors *')
      const html = await page.text()
      expect(html).not.toMatch(/<script|style=|<style/i)
      expect(html).toContain('>Approve</button>')
      expect(html).toContain('>Fail</button>')
      expect((await readJson(await simRequest(t, frontend, `/threeds/sessions/${started.sessionId}`))).status).toBe('pending')
      await t.app.request(new URL(started.challengeUrl).pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'decision=fail',
      })
      expect(await readJson(await simRequest(t, frontend, `/threeds/sessions/${started.sessionId}`))).toMatchObject({
        status: 'failed',
        result: { success: false, status: 'N', amount: 19.9, currency: '840' },
      })
    })
  })

  describe('stand-in Advanced Widget script', () => {
    const loadScript = async () => {
      const response = await t.app.request('/sandbox/ccbill/js/v1.13.1/ccbill-advanced-widget.js')
      expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8')
      return response.text()
    }

    const page = (source: string, values: Record<string, string>) => widgetPage(t.app, source, values)

    const FIELDS = {
      cardNumber: '4111 1111 1111 1111',
      expMonth: '4',
      expYear: '2099',
      cvv2: '123',
      nameOnCard: 'Tyler Thomas',
      firstName: 'Tyler',
      lastName: 'Thomas',
      country: 'US',
      postalCode: '85281',
      email: 'tthomas@example.com',
      ipAddress: '198.51.100.7',
      currencyCode: '840',
      amount: '19.90',
    }
    const violations = (run: () => unknown): string[] => {
      try {
        run()
      } catch (error) {
        return (error as Json[]).map((v) => v.propertyName)
      }
      return []
    }

    it('parses, defines ccbill.CCBillAdvancedWidget and finds its API from its own URL', async () => {
      const source = await loadScript()
      expect(() => new Function(source)).not.toThrow()
      const { ccbill } = page(source, {})
      expect(typeof ccbill.CCBillAdvancedWidget).toBe('function')
      expect(() => new ccbill.CCBillAdvancedWidget()).toThrow(/application id/)
    })

    it('throws violations synchronously and resolves with a Response from the fields it finds', async () => {
      const fields = FIELDS
      const bad = page(await loadScript(), { ...fields, cardNumber: '4111 1111 1111 1112', country: 'XX' })
      const widget = new bad.ccbill.CCBillAdvancedWidget('app-id')
      let thrown: Json
      try {
        widget.createPaymentToken('token', ACCNUM, SUBACC)
      } catch (error) {
        thrown = error
      }
      expect(thrown.map((v: Json) => v.propertyName)).toEqual(['cardNumber', 'country'])
      expect(thrown[0].message.split('.')[1]).toBe('Must be a valid credit card number')
      expect(() => widget.createPaymentToken('token', 12, SUBACC)).toThrow()
      expect(bad.requests).toEqual([])

      const good = page(await loadScript(), fields)
      const frontend = await oauthToken(t, 'frontend')
      const response = await new good.ccbill.CCBillAdvancedWidget('app-id').createPaymentToken(frontend, ACCNUM, SUBACC)
      expect(response.status).toBe(200)
      expect((await response.json()).paymentTokenId).toMatch(/^[0-9a-f]{32}$/)
      expect(good.requests).toEqual(['https://pay.example.com/sandbox/ccbill/payment-tokens/merchant-only-verify'])
      const sca = await new good.ccbill.CCBillAdvancedWidget('app-id').isScaRequired(frontend, ACCNUM, SUBACC)
      expect(await sca.json()).toBe(false)
      // An HTTP error rejects with the Response.
      const rejected = await new good.ccbill.CCBillAdvancedWidget('app-id')
        .createPaymentToken('expired', ACCNUM, SUBACC)
        .catch((e: unknown) => e)
      expect(rejected).toBeInstanceOf(Response)
      expect((rejected as Response).status).toBe(401)
    })

    it("keeps to the guide's field rules: cvv2 required, nameOnCard 2–45, ipAddress optional, account numbers as strings", async () => {
      const frontend = await oauthToken(t, 'frontend')
      const widgetOn = (values: Record<string, string>) => new (page(FIELDS_SOURCE, values).ccbill.CCBillAdvancedWidget)('app-id')
      const FIELDS_SOURCE = await loadScript()
      const { cvv2: _, ...noCvv } = FIELDS
      expect(violations(() => widgetOn(noCvv).createPaymentToken(frontend, ACCNUM, SUBACC))).toEqual(['cvv2'])
      expect(violations(() => widgetOn({ ...FIELDS, nameOnCard: 'T' }).createPaymentToken(frontend, ACCNUM, SUBACC))).toEqual([
        'nameOnCard',
      ])
      expect(violations(() => widgetOn({ ...FIELDS, nameOnCard: 'T'.repeat(46) }).isScaRequired(frontend, ACCNUM, SUBACC))).toEqual([
        'nameOnCard',
      ])
      const { ipAddress: __, ...noIp } = FIELDS
      const response = await widgetOn(noIp).createPaymentToken(frontend, String(ACCNUM), String(SUBACC_3DS))
      expect(await response.json()).toMatchObject({ clientAccnum: ACCNUM, clientSubacc: SUBACC_3DS })
    })

    it('finds fields by the customIds of its constructor and changeDefaultFieldId, and answers to MerchantConnectWidget too', async () => {
      const frontend = await oauthToken(t, 'frontend')
      const { cardNumber, email, ...rest } = FIELDS
      const { ccbill } = page(await loadScript(), { ...rest, '#my-card': cardNumber, '#my-email': email })
      const widget = new ccbill.CCBillAdvancedWidget('app-id', { cardNumber: 'my-card' })
      expect(violations(() => widget.createPaymentToken(frontend, ACCNUM, SUBACC))).toEqual(['email'])
      widget.changeDefaultFieldId('email', 'my-email')
      expect((await widget.createPaymentToken(frontend, ACCNUM, SUBACC)).status).toBe(200)
      expect(ccbill.MerchantConnectWidget).toBe(ccbill.CCBillAdvancedWidget)
    })

    it("resolves authenticateCustomer with the guide's threedsInformation, and charges it on the 3DS sub-account", async () => {
      const frontend = await oauthToken(t, 'frontend')
      const window = page(await loadScript(), { ...FIELDS, cardNumber: '4000 0000 0000 3220' })
      const widget = new window.ccbill.CCBillAdvancedWidget('app-id')
      const pending = widget.authenticateCustomer(frontend, ACCNUM, SUBACC_3DS)
      await window.decide('approve')
      const information: Json = await pending
      expect(information).toMatchObject({ success: true, status: 'Y', eci: '05', protocolVersion: '2.2.0', amount: 19.9, currency: '840' })
      const token: Json = await (await widget.createPaymentToken(frontend, ACCNUM, SUBACC_3DS)).json()
      const backend = await oauthToken(t, 'backend')
      const body = { ...CHARGE, clientSubacc: token.clientSubacc, ...threedsFields(information) }
      const charged = await simRequest(t, backend, `/transactions/payment-tokens/threeds/${token.paymentTokenId}`, { body })
      expect(await readJson(charged)).toMatchObject({ approved: true })
    })

    it('authenticates and creates the token in one step, or a 3DS token for a deferred charge without 3DS', async () => {
      const frontend = await oauthToken(t, 'frontend')
      const backend = await oauthToken(t, 'backend')
      const card = { ...FIELDS, cardNumber: '4000 0000 0000 3220' }

      const one = page(await loadScript(), card)
      const pending = new one.ccbill.CCBillAdvancedWidget('app-id').authenticateCustomerAndCreatePaymentToken(frontend, ACCNUM, SUBACC_3DS)
      await one.decide('approve')
      const { paymentToken, threedsInformation }: Json = await pending
      const body = { ...CHARGE, clientSubacc: SUBACC_3DS, ...threedsFields(threedsInformation) }
      const charged = await simRequest(t, backend, `/transactions/payment-tokens/threeds/${paymentToken.paymentTokenId}`, { body })
      expect(await readJson(charged)).toMatchObject({ approved: true })

      const deferred = page(await loadScript(), card)
      const later = new deferred.ccbill.CCBillAdvancedWidget('app-id').createPaymentToken3DS(frontend, ACCNUM, SUBACC_3DS)
      await deferred.decide('approve')
      const token: Json = await later
      expect(token.threedsInformation).toMatchObject({ success: true })
      const plain = await simRequest(t, backend, `/transactions/payment-tokens/${token.paymentTokenId}`, { body: CHARGE })
      expect(await readJson(plain)).toMatchObject({ approved: true })

      const refused = page(await loadScript(), card)
      const failing = new refused.ccbill.CCBillAdvancedWidget('app-id')
        .createPaymentToken3DS(frontend, ACCNUM, SUBACC_3DS)
        .catch((e: unknown) => e)
      await refused.decide('fail')
      expect(await failing).toMatchObject({ success: false })
    })
  })
})
