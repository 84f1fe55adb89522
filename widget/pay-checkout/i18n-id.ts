import type { CheckoutStrings } from './i18n.js'

const id: CheckoutStrings = {
  chooseMethod: 'Bayar dengan',
  methods: { card: 'Kartu', crypto: 'Kripto', cvs: 'Tunai di minimarket' },
  cryptoEstimate: (amounts) => `Sekitar ${amounts}`,
  chosen: (method) => `${method} dipilih`,
  started: {
    card: 'Pembayaran kartu sudah dimulai, jadi checkout ini kini hanya dapat dibayar dengan kartu.',
    crypto: 'Setoran kripto sudah dimulai, jadi checkout ini kini hanya dapat dibayar dengan kripto.',
    cvs: 'Kode pembayaran sudah diterbitkan, jadi checkout ini kini hanya dapat dibayar di minimarket.',
  },
}

export default id
