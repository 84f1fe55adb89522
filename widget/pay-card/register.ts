import { definePayElement } from '../shared/pay-element.js'
import { PayCard } from './pay-card.js'

/** Kept beside the class (the same chunk), so the element's entry file is one call. */
export const registerPayCard = (): void => definePayElement('pay-card', PayCard)
