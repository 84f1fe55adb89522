/** `<PayCvs>`: React wrapper of `<pay-cvs>` (registered by importing this module). */
import { createComponent } from '@lit/react'
import { PayCvs as PayCvsElement } from 'pay-elements/classes'
import 'pay-elements/pay-cvs'
import * as React from 'react'
import { payEvents } from './events.js'

export const PayCvs = createComponent({
  react: React,
  tagName: 'pay-cvs',
  elementClass: PayCvsElement,
  events: payEvents,
  displayName: 'PayCvs',
})

export type { PayCvsElement }
export * from './events.js'
