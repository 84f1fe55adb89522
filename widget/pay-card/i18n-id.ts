import type { CardStrings } from './i18n.js'

const id: CardStrings = {
  labels: {
    number: 'Nomor kartu',
    expiry: 'Masa berlaku (BB / TT)',
    cvv: 'Kode keamanan (CVV)',
    name: 'Nama pada kartu',
    email: 'Email',
    country: 'Negara',
    postal: 'Kode pos',
  },
  paying: 'Sedang membayar…',
  notAvailable: 'Pembayaran dengan kartu tidak tersedia untuk pesanan ini.',
}

export default id
