import { ccbillProvider } from './ccbill/index.js'
import { ccpaymentProvider } from './ccpayment/index.js'
import { nicepayProvider } from './nicepay/index.js'
import type { ProviderModule } from './types.js'

/** The providers this server speaks to; each is mounted when its configuration is present. */
export const PROVIDERS: ProviderModule[] = [ccpaymentProvider, ccbillProvider, nicepayProvider]
