import { definePayElement } from '../shared/pay-element.js'
import { PayCvs } from './pay-cvs.js'

/** Kept beside the class (the same chunk), so the element's entry file is one call. */
export const registerPayCvs = (): void => definePayElement('pay-cvs', PayCvs)
