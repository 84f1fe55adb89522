/** `<PayCrypto>`: React wrapper of `<pay-crypto>` (registered by importing this module). */
import { createComponent } from '@lit/react'
import { PayCrypto as PayCryptoElement } from 'pay-elements/classes'
import 'pay-elements/pay-crypto'
import * as React from 'react'
import { payEvents } from './events.js'

export const PayCrypto = createComponent({
  react: React,
  tagName: 'pay-crypto',
  elementClass: PayCryptoElement,
  events: payEvents,
  displayName: 'PayCrypto',
})

export type { PayCryptoElement }
export * from './events.js'
