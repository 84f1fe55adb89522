import { definePayElement } from '../shared/pay-element.js'
import { PayCheckout } from './pay-checkout.js'

/** Kept beside the class (the same chunk), so the element's entry file is one call. */
export const registerPayCheckout = (): void => definePayElement('pay-checkout', PayCheckout)
