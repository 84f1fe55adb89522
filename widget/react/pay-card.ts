/** `<PayCard>`: React wrapper of `<pay-card>` (registered by importing this module). */
import { createComponent } from '@lit/react'
import { PayCard as PayCardElement } from 'pay-elements/classes'
import 'pay-elements/pay-card'
import * as React from 'react'
import { payEvents } from './events.js'

export const PayCard = createComponent({
  react: React,
  tagName: 'pay-card',
  elementClass: PayCardElement,
  events: payEvents,
  displayName: 'PayCard',
})

export type { PayCardElement }
export * from './events.js'
