import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SANDBOX_DEFAULTS } from '../../config.js'
import { normalizeIndonesianPhone } from '@pay-elements/contract'
import {
  cancelToken,
  inquiryToken,
  notificationToken,
  parseWib,
  parseWibTimestamp,
  registrationToken,
  tokensMatch,
  wibDateTime,
  wibTimestamp,
} from './sign.js'

const KEY = { iMid: SANDBOX_DEFAULTS.NICEPAY_IMID, merchantKey: SANDBOX_DEFAULTS.NICEPAY_MERCHANT_KEY }
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

describe('NICEPAY merchantToken', () => {
  it('matches the token of the CVS registration sample in the docs', async () => {
    // The Slate docs' "Convenience Store" registration sample: timeStamp 20180123100505,
    // IONPAYTEST, ORD12345, amt 10000, the public test key.
    expect(await registrationToken(KEY, { timeStamp: '20180123100505', referenceNo: 'ORD12345', amt: '10000' })).toBe(
      'f9d30f6c972e2b5718751bd087b178534673a91bbac845f8a24e60e8e4abbbc5',
    )
  })

  it('concatenates the fields of each call exactly as providers.md §2.2 lists them', async () => {
    const k = KEY.merchantKey
    expect(await inquiryToken(KEY, { timeStamp: '20221202152801', referenceNo: 'Order12345', amt: '5000' })).toBe(
      sha256(`20221202152801IONPAYTESTOrder123455000${k}`),
    )
    expect(await cancelToken(KEY, { timeStamp: '20221202152801', tXid: 'IONPAYTEST03201804191327346753', amt: '10000' })).toBe(
      sha256(`20221202152801IONPAYTESTIONPAYTEST03201804191327346753` + `10000${k}`),
    )
    // The notification token has no timestamp: iMid + tXid + amt + key.
    expect(await notificationToken(KEY, { tXid: 'IONPAYTEST03201804191327346753', amt: '10000' })).toBe(
      'd48b5680a1c3a61ca456578e1d43818d3c9c0c60bddad121a1c8abbf80757914',
    )
  })

  it('compares tokens exactly and refuses anything that is not the string', async () => {
    const token = await notificationToken(KEY, { tXid: 'T', amt: '1' })
    expect(await tokensMatch(token, token)).toBe(true)
    expect(await tokensMatch(token, token.toUpperCase())).toBe(false)
    expect(await tokensMatch(token, token.slice(0, -1))).toBe(false)
    expect(await tokensMatch(token, `${token}0`)).toBe(false)
    expect(await tokensMatch(token, '')).toBe(false)
    expect(await tokensMatch(token, undefined)).toBe(false)
    expect(await tokensMatch(token, ['x'])).toBe(false)
  })
})

describe('WIB timestamps', () => {
  it('writes YYYYMMDDHHmmss in Asia/Jakarta (UTC+7, no daylight saving)', () => {
    expect(wibTimestamp(Date.parse('2022-12-02T08:28:01Z'))).toBe('20221202152801')
    // Across midnight and the year end in Jakarta while it is still the old day in UTC.
    expect(wibTimestamp(Date.parse('2023-12-31T17:00:00Z'))).toBe('20240101000000')
    expect(wibDateTime(Date.parse('2024-07-01T16:59:59Z'))).toEqual({ date: '20240701', time: '235959' })
  })

  it('reads them back and refuses impossible dates and times', () => {
    const ms = Date.parse('2024-02-29T05:06:07Z')
    expect(parseWibTimestamp(wibTimestamp(ms))).toBe(ms)
    expect(parseWib('20240229', '120607')).toBe(ms)
    expect(parseWib('20230229', '000000')).toBeNull()
    expect(parseWib('20241301', '000000')).toBeNull()
    expect(parseWib('20240101', '240000')).toBeNull()
    expect(parseWib('2024011', '000000')).toBeNull()
    expect(parseWib(null, null)).toBeNull()
    expect(parseWibTimestamp('2024-01-01T00')).toBeNull()
  })
})

describe('Indonesian phone numbers', () => {
  it.each([
    ['081234567890', '081234567890'],
    ['0812-3456-7890', '081234567890'],
    ['+62 812 3456 7890', '081234567890'],
    ['62 812-3456-7890', '081234567890'],
    ['+62 (0)812 3456 789', '08123456789'],
    ['(021) 555-1234', '0215551234'],
    ['  0857.1234.5678 ', '085712345678'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizeIndonesianPhone(input)).toBe(expected)
  })

  it.each(['', '12345', '+1 415 555 0100', '0812', '08123456789012345', '0812abc4567', '00812345678', '+62'])('refuses %j', (input) => {
    expect(normalizeIndonesianPhone(input)).toBeNull()
  })
})
