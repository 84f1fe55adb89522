import { describe, expect, it } from 'vitest'
import { SANDBOX_DEFAULTS } from '../../config.js'
import { silentLogger } from '../../log.js'
import { createNicepayClient, NicepayRejected } from './client.js'
import { cancelToken, registrationToken, wibTimestamp } from './sign.js'
import { createNicepaySimulator } from './simulator.js'

/**
 * NICEPAY API v2 convenience-store payments as its documents and official libraries show them,
 * replayed against the simulator, and the documented answers fed to our client. Each case names
 * where it comes from:
 * - "docs": docs.nicepay.co.id v2 pages and the older Slate docs (giliheriawan/slate), as recorded
 *   in our provider notes (providers.md §2);
 * - "PHP library": nicepay-dev/php-nicepay test/NicepayCvSTest.php and README;
 * - "Python library": nicepay-dev/python-nicepay test/v2/enterprise/testConvenienceStore.py,
 *   testInquiry.py, testCancel.py and data/builder/v2/enterprise/dataGenerator.py;
 * - "Node library": nicepay-dev/nodejs-nicepay test/secondApiVersion.test.js and lib/secondApiVersion.js.
 * Bodies are built the way each library builds them (types included: the Python and Node libraries
 * send amounts as JSON numbers); the sample credentials are NICEPAY's public test pair.
 */

const KEY = { iMid: SANDBOX_DEFAULTS.NICEPAY_IMID, merchantKey: SANDBOX_DEFAULTS.NICEPAY_MERCHANT_KEY }
const now = Date.now()
const WIB = wibTimestamp(now)
/** The machine's local time, as the Python and Node libraries stamp requests (UTC here). */
const LOCAL = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14)

const sim = createNicepaySimulator({
  config: { ...KEY, baseUrl: 'https://dev.nicepay.co.id' },
  publicBase: 'https://pay.example/sandbox/nicepay',
  clock: () => now,
  fetch: async () => new Response('OK'),
  log: silentLogger,
})
const post = async (path: string, body: unknown, contentType = 'application/json') => {
  const response = await sim.app.request(path, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) })
  expect(response.status).toBe(200) // NICEPAY answers every outcome with HTTP 200
  return (await response.json()) as Record<string, unknown>
}
let sequence = 0
const reference = (prefix: string) => `${prefix}${now}${++sequence}`

interface RegistrationCase {
  source: string
  /** The body as the library builds it, before timeStamp/referenceNo/merchantToken are filled in. */
  body: Record<string, unknown>
  timeStamp: string
  contentType?: string
}

const REGISTRATIONS: RegistrationCase[] = [
  {
    source: 'PHP library NicepayCvSTest::testRegistrationCvSV2 (every value a string, payValidDt/Tm empty)',
    timeStamp: WIB,
    body: {
      iMid: KEY.iMid,
      payMethod: '03',
      currency: 'IDR',
      amt: '10000',
      goodsNm: 'Test Transaction Cvs with native PHP',
      billingNm: 'John Doe',
      billingPhone: '081214714045',
      billingEmail: 'email@merchant.com',
      billingAddr: 'Jalan Bukit Berbunga 22',
      billingCity: 'Jakarta',
      billingState: 'DKI Jakarta',
      billingPostCd: '12345',
      billingCountry: 'Indonesia',
      dbProcessUrl: 'https://ptsv2.com/t/test-nicepay-v2',
      description: '',
      userIP: '127.0.0.1',
      mitraCd: 'ALMA',
      cartData:
        '{"count":"1","item":[{"img_url":"https://cdn.eraspace.com/pub/media/catalog/product/i/p/iphone_13_pro_max_silver_1_5.jpg","goods_name":"iPhone13ProMax","goods_detail":"1TB-White","goods_amt":"10000"}]}',
      payValidDt: '',
      payValidTm: '',
    },
  },
  {
    source: 'Python library testConvenienceStore (amt and goods_amt as numbers, local time, "Application/JSON", merFixAcctId)',
    timeStamp: LOCAL,
    contentType: 'Application/JSON',
    body: {
      iMid: KEY.iMid,
      billingNm: 'John Doe',
      billingPhone: '08123456789',
      billingEmail: 'john.doe@example.com',
      billingAddr: 'Jln. Raya Casablanca Kav.88',
      billingCity: 'South Jakarta',
      billingState: 'DKI Jakarta',
      billingCountry: 'Indonesia',
      billingPostCd: '10200',
      deliveryNm: "Merchant's Name",
      deliveryPhone: '08123456789',
      deliveryAddr: 'Jln. Dr. Saharjo No.88',
      deliveryCity: 'South Jakarta',
      deliveryState: 'DKI Jakarta',
      deliveryCountry: 'Indonesia',
      deliveryPostCd: '10202',
      goodsNm: 'TESTING PY V2',
      description: 'This is testing transaction - n1tr0',
      shopId: '',
      dbProcessUrl: 'https://merchant.example/db-process',
      cartData:
        '{"count":"1","item":[{"img_url":"https://cdn.eraspace.com/pub/media/catalog/product/i/p/iphone_13_pro_max_silver_1_5.jpg","goods_name":"iPhone13ProMax","goods_detail":"1TB-White","goods_amt":10000}]}',
      currency: 'IDR',
      payMethod: '03',
      mitraCd: 'INDO',
      payValidDt: '',
      payValidTm: '',
      merFixAcctId: '',
      amt: 10000,
    },
  },
  {
    source:
      'Node library secondApiVersion.test.js registration (its cartData and fields; payMethod 03 and mitraCd ALMA in place of its VA values)',
    timeStamp: LOCAL,
    body: {
      payMethod: '03',
      currency: 'IDR',
      amt: '10000',
      goodsNm: 'Test Transaction Nicepay',
      billingNm: 'Arya Widya',
      billingPhone: '082168349939',
      billingEmail: 'aryawdy16@gmail.com',
      billingAddr: 'Jalan Cempaka Putih Barat XI',
      billingCity: 'Jakarta',
      billingState: 'DKI Jakarta',
      billingPostCd: '10520',
      billingCountry: 'Indonesia',
      description: 'test cc',
      dbProcessUrl: 'https://httpdump.app/dumps/fa101255-f007-43f6-9ce2-b581c2b645a3',
      userIP: '127.0.0.1',
      cartData:
        '{"count":3,"item":[{"goods_id":30,"goods_name":"Beanie","goods_amt":1000,"goods_quantity":1},{"goods_id":31,"goods_name":"Belt","goods_amt":5000,"goods_quantity":1},{"goods_name":"Shipping Fee","goods_amt":"4000","goods_quantity":"1"}]}',
      mitraCd: 'ALMA',
      shopId: '',
      iMid: KEY.iMid,
    },
  },
  {
    source: 'PHP library README (a registration of Rp 100)',
    timeStamp: WIB,
    body: {
      iMid: KEY.iMid,
      payMethod: '03',
      currency: 'IDR',
      amt: '100',
      goodsNm: 'Test',
      billingNm: 'John Doe',
      billingPhone: '081214714045',
      billingEmail: 'email@merchant.com',
      billingAddr: '',
      billingCity: '',
      billingState: '',
      billingPostCd: '',
      billingCountry: 'Indonesia',
      dbProcessUrl: 'https://merchant.example/db-process',
      mitraCd: 'INDO',
      payValidDt: '',
      payValidTm: '',
    },
  },
]

/** The registration sample's keys, in its order (Slate docs, "Response"), every one present (nulls included). */
const REGISTRATION_KEYS = [
  'resultCd',
  'resultMsg',
  'tXid',
  'referenceNo',
  'payMethod',
  'amt',
  'transDt',
  'transTm',
  'description',
  'bankCd',
  'vacctNo',
  'mitraCd',
  'payNo',
  'currency',
  'goodsNm',
  'billingNm',
  'vacctValidDt',
  'vacctValidTm',
  'payValidDt',
  'payValidTm',
]

/** Registers `body` as its library would: referenceNo, timeStamp and the merchantToken over amt as written. */
async function register({ body, timeStamp, contentType }: RegistrationCase) {
  const referenceNo = reference('ordNo')
  const merchantToken = await registrationToken(KEY, { timeStamp, referenceNo, amt: String(body.amt) })
  return post('/nicepay/direct/v2/registration', { ...body, timeStamp, referenceNo, merchantToken }, contentType)
}

describe('NICEPAY conformance: documented requests against the simulator', () => {
  it.each(REGISTRATIONS)('$source', async (registration) => {
    const json = await register(registration)
    expect(json).toMatchObject({ resultCd: '0000', resultMsg: 'SUCCESS', amt: String(registration.body.amt), payMethod: '03' })
    expect(Object.keys(json)).toEqual(REGISTRATION_KEYS)
    expect(json.payNo).toMatch(/^\d{12,16}$/)
  })

  it('Python library testInquiry / Node library requestAPI(…, "/direct/v2/inquiry"): tXid, referenceNo, amt, and the token over referenceNo', async () => {
    const registered = await register(REGISTRATIONS[0]!)
    const inquire = async (fields: Record<string, unknown>) =>
      post('/nicepay/direct/v2/inquiry', {
        ...fields,
        timeStamp: LOCAL,
        iMid: KEY.iMid,
        merchantToken: await registrationToken(KEY, { timeStamp: LOCAL, referenceNo: String(fields.referenceNo), amt: String(fields.amt) }),
      })
    const answer = await inquire({ tXid: registered.tXid, referenceNo: registered.referenceNo, amt: '10000' })
    // docs: status 3 unpaid for a CVS code; the CVS fields of the flat object.
    expect(answer).toMatchObject({ resultCd: '0000', status: '3', mitraCd: 'ALMA', payNo: registered.payNo, cardNo: null })
    // docs: tXid is required (AN 30). The Node library's own test asks without one and expects 0000; the documents do not allow it.
    expect(await inquire({ referenceNo: registered.referenceNo, amt: '10000' })).toMatchObject({ resultCd: '9528' })
  })

  it('Node library requestAPI(…, "/direct/v2/cancel") and Python testCancel: the token over tXid, every optional field sent', async () => {
    const registered = await register(REGISTRATIONS[0]!)
    const answer = await post('/nicepay/direct/v2/cancel', {
      tXid: registered.tXid,
      payMethod: '03',
      amt: '10000',
      cancelType: '1',
      cancelMsg: 'Testing Cancel',
      cancelUserId: '',
      cancelUserIp: '127.0.0.1',
      cancelServerIp: '127.0.0.1',
      cancelUserInfo: '',
      cancelRetryCnt: '',
      worker: '',
      referenceNo: registered.referenceNo,
      timeStamp: LOCAL,
      iMid: KEY.iMid,
      merchantToken: await cancelToken(KEY, { timeStamp: LOCAL, tXid: String(registered.tXid), amt: '10000' }),
    })
    expect(answer).toMatchObject({ resultCd: '0000', tXid: registered.tXid })
  })

  it("docs error: a second registration of one referenceNo is 9009 with NICEPAY's message, on HTTP 200", async () => {
    const referenceNo = reference('dup')
    const body = { ...REGISTRATIONS[0]!.body, timeStamp: WIB, referenceNo }
    const signed = { ...body, merchantToken: await registrationToken(KEY, { timeStamp: WIB, referenceNo, amt: '10000' }) }
    expect((await post('/nicepay/direct/v2/registration', signed)).resultCd).toBe('0000')
    expect(await post('/nicepay/direct/v2/registration', signed)).toEqual({
      resultCd: '9009',
      resultMsg: 'Reference Number already exist. Please generate unique [referenceNo].',
    })
  })
})

describe("NICEPAY conformance: our client reads NICEPAY's documented answers", () => {
  const clientAnswering = (body: unknown) =>
    createNicepayClient({
      config: { ...KEY, baseUrl: 'https://dev.nicepay.co.id' },
      fetch: async () => Response.json(body),
      clock: () => now,
      timeoutMs: 1000,
    })
  const registration = {
    referenceNo: 'ORD12345',
    amt: '10000',
    mitraCd: 'ALMA' as const,
    goodsNm: 'Test',
    billingNm: 'John Doe',
    billingPhone: '081234567890',
    billingEmail: 'john@example.com',
    payValidAt: now + 3600_000,
    dbProcessUrl: 'https://pay.example/webhooks/nicepay',
  }

  it('docs (Slate) registration sample, nulls and all', async () => {
    const sample = {
      resultCd: '0000',
      resultMsg: 'SUCCESS',
      tXid: 'IONPAYTEST03201804191327346753',
      referenceNo: 'ORD12345',
      payMethod: '03',
      amt: '10000',
      transDt: '20180419',
      transTm: '132734',
      description: 'Transaction Description',
      bankCd: null,
      vacctNo: null,
      mitraCd: 'ALMA',
      payNo: '191327346753',
      currency: null,
      goodsNm: null,
      billingNm: null,
      vacctValidDt: null,
      vacctValidTm: null,
      payValidDt: null,
      payValidTm: null,
    }
    expect(await clientAnswering(sample).register(registration)).toMatchObject({
      tXid: 'IONPAYTEST03201804191327346753',
      payNo: '191327346753',
      mitraCd: 'ALMA',
    })
  })

  it('docs error sample: {"resultCd":"9009","resultMsg":…} is a refusal, not an unknown outcome', async () => {
    const error = await clientAnswering({
      resultCd: '9009',
      resultMsg: 'Reference Number already exist. Please generate unique [referenceNo].',
    })
      .register(registration)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NicepayRejected)
    expect((error as NicepayRejected).resultCd).toBe('9009')
  })

  it("docs inquiry: a paid CVS code's flat object (status 0, deposit date and time, receiptCode)", async () => {
    const answer = {
      resultCd: '0000',
      resultMsg: 'paid',
      tXid: 'IONPAYTEST03201804191327346753',
      iMid: KEY.iMid,
      referenceNo: 'ORD12345',
      payMethod: '03',
      amt: '10000',
      cancelAmt: null,
      currency: 'IDR',
      goodsNm: 'Test',
      billingNm: 'John Doe',
      reqDt: '20180419',
      reqTm: '132734',
      transDt: '20180419',
      transTm: '132734',
      depositDt: '20180419',
      depositTm: '140501',
      status: '0',
      mitraCd: 'ALMA',
      payNo: '191327346753',
      payValidDt: '20180420',
      payValidTm: '235959',
      receiptCode: 'ABC123',
      cardNo: null,
      vacctNo: null,
    }
    expect(await clientAnswering(answer).inquire({ tXid: answer.tXid, referenceNo: 'ORD12345', amt: '10000' })).toMatchObject({
      status: '0',
      depositDt: '20180419',
      receiptCode: 'ABC123',
    })
  })
})
