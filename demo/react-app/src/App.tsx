import { PayCard, type PayCompleteEvent } from '@pay-elements/react'
import 'pay-elements/pay-cvs'
import { useState } from 'react'

/**
 * A shop page: the hoodie (a catalog product of the demo server) paid by card through the
 * `<PayCard>` wrapper with camelCase event props, and a voucher through the plain `<pay-cvs>` tag,
 * typed by `pay-elements/jsx-react`, whose `onpay-ready` React 19 passes to addEventListener.
 */
export function App({ server }: { server: string }) {
  const [log, setLog] = useState<string[]>([])
  const note = (line: string) => setLog((lines) => [...lines, line])

  return (
    <main>
      <h1>pay-elements in React</h1>
      <section>
        <h2>Grey hoodie, by card</h2>
        <PayCard
          server={server}
          product="hoodie"
          onPayReady={(event) => note(`card ready ${event.detail.checkout.id}`)}
          onPayStatusChange={(event) => note(`card status ${event.detail.checkout.status}`)}
          onPayComplete={(event: PayCompleteEvent) => note(`card paid ${event.detail.checkout.id} ${event.detail.checkout.amount_paid}`)}
          onPayError={(event) => note(`card error ${event.detail.message}`)}
        />
      </section>
      <section>
        <h2>Gift voucher, at the store</h2>
        <pay-cvs server={server} product="voucher" theme="light" onpay-ready={(event) => note(`cvs ready ${event.detail.checkout.id}`)} />
      </section>
      <ol id="events">
        {log.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ol>
    </main>
  )
}
