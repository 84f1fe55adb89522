import { definePayElement } from '../shared/pay-element.js'
import { PayCrypto } from './pay-crypto.js'

/** Kept beside the class (the same chunk), so the element's entry file is one call. */
export const registerPayCrypto = (): void => definePayElement('pay-crypto', PayCrypto)
