/** `<PayCheckout>`: React wrapper of `<pay-checkout>` (registered by importing this module). */
import { createComponent } from '@lit/react'
import { PayCheckout as PayCheckoutElement } from 'pay-elements/classes'
import 'pay-elements/pay-checkout'
import * as React from 'react'
import { payEvents } from './events.js'

export const PayCheckout = createComponent({
  react: React,
  tagName: 'pay-checkout',
  elementClass: PayCheckoutElement,
  events: payEvents,
  displayName: 'PayCheckout',
})

export type { PayCheckoutElement }
export * from './events.js'
