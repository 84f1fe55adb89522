/**
 * NICEPAY v2 result codes the simulator and the client use (providers.md §2.8: the Slate
 * `_nicepaycode.md` and the current "Error Code" page). Messages follow the docs' wording where
 * one is published; the rest are ours. Every error travels as HTTP 200 with `resultCd` ≠ "0000".
 */
export const RESULT = {
  SUCCESS: '0000',
  FAILED_TO_REGISTER: '9001',
  SERVER_BUSY: '9002',
  UNDEFINED_AMT: '9007',
  INVALID_AMT: '9008',
  REFERENCE_EXISTS: '9009',
  INVALID_TOKEN: '9010',
  INVALID_MID: '9011',
  METHOD_NOT_ACTIVATED: '9012',
  UNDEFINED_CURRENCY: '9013',
  UNDEFINED_REFERENCE: '9014',
  UNDEFINED_GOODS: '9015',
  UNDEFINED_BILLING_NAME: '9016',
  UNDEFINED_BILLING_PHONE: '9017',
  UNDEFINED_BILLING_EMAIL: '9018',
  UNDEFINED_CALLBACK_URL: '9019',
  UNDEFINED_DB_PROCESS_URL: '9020',
  INVALID_CART: '9022',
  CART_AMOUNT_MISMATCH: '9023',
  UNDEFINED_BILLING_CITY: '9025',
  UNDEFINED_BILLING_STATE: '9026',
  UNDEFINED_BILLING_POST_CODE: '9027',
  UNDEFINED_BILLING_COUNTRY: '9028',
  DATE_TIME_CHECK: '9031',
  CVS_NUMBER_POOL_EMPTY: '9503',
  INVALID_CVS: '9505',
  REFERENCE_TOO_LONG: '9507',
  AMOUNT_TOO_SMALL: '9509',
  INVALID_EXPIRY_DATE: '9510',
  INVALID_EXPIRY_TIME: '9511',
  TRANSACTION_NOT_FOUND: '9528',
  CANCEL_INVALID: '9301',
  CANCEL_DEPOSIT_DONE: '9330',
} as const

export type ResultCode = (typeof RESULT)[keyof typeof RESULT] | (string & {})

export const RESULT_MESSAGES: Record<string, string> = {
  '0000': 'SUCCESS',
  '9001': 'Failed to register transaction',
  '9002': 'Server is busy. Please try again later',
  '9007': 'Undefined amt',
  '9008': 'Invalid amt. Please input numeric only (no decimal)',
  '9009': 'Reference Number already exist. Please generate unique [referenceNo].',
  '9010': 'Invalid Merchant Token',
  '9011': 'Invalid MID',
  '9012': 'Payment method is not activated',
  '9013': 'Undefined currency',
  '9014': 'Undefined referenceNo',
  '9015': 'Undefined goodsNm',
  '9016': 'Undefined billingNm',
  '9017': 'Undefined billingPhone',
  '9018': 'Undefined billingEmail',
  '9019': 'Undefined callBackUrl',
  '9020': 'Undefined dbProcessUrl',
  '9022': 'Invalid cartData JSON format',
  '9023': 'Total amount of cartData is not equal to amt',
  '9025': 'Undefined billingCity',
  '9026': 'Undefined billingState',
  '9027': 'Undefined billingPostCd',
  '9028': 'Undefined billingCountry',
  '9031': 'Invalid timeStamp (date/time check)',
  '9501': 'CVS server is busy',
  '9502': 'CVS server is busy',
  '9503': 'Failed to generate CVS number',
  '9505': 'Invalid CVS [mitraCd]',
  '9507': 'referenceNo is longer than 40 characters',
  '9509': 'Amount is too small',
  '9510': 'Invalid CVS expiry date',
  '9511': 'Invalid CVS expiry time',
  '9528': 'Transaction not found',
  '9301': 'Cancel request is invalid',
  '9330': 'Deposit has been completed, can not be canceled',
}

/** Codes after which the same request may succeed later: NICEPAY or the store network was busy. */
export const BUSY_CODES: ReadonlySet<string> = new Set([
  '1001',
  '1002',
  '1003',
  '1004',
  '9002',
  '9501',
  '9502',
  '9503',
  '9504',
  '9506',
  '9519',
  '9520',
])

/** Convenience-store partners (mitraCd): the Alfamart group (Alfamart, Alfamidi, Lawson, Dan+Dan) and Indomaret. */
export const MITRA_CODES = ['INDO', 'ALMA'] as const
export type MitraCode = (typeof MITRA_CODES)[number]

export const isMitraCode = (value: unknown): value is MitraCode => value === 'INDO' || value === 'ALMA'

/**
 * Inquiry `status` for CVS (providers.md §2.5): 0 paid, 3 unpaid, 4 expired, 5 "ready to paid"
 * (an Alfamart-group cashier has looked the bill up). Not the notification's deposit status.
 */
export const CVS_STATUS = { PAID: '0', UNPAID: '3', EXPIRED: '4', READY: '5' } as const
