import type { Translation } from './translation.js'

const id: Translation = {
  $code: 'id',
  $name: 'Bahasa Indonesia',
  $dir: 'ltr',

  statuses: {
    open: 'Menunggu pembayaran',
    pending: 'Pembayaran sedang diproses',
    underpaid: 'Dibayar sebagian',
    paid: 'Lunas',
    overpaid: 'Lunas (lebih bayar)',
    failed: 'Pembayaran gagal',
    expired: 'Kedaluwarsa',
    canceled: 'Dibatalkan',
    refunded: 'Dana dikembalikan',
  },
  loading: 'Memuat…',
  pay: (amount) => `Bayar ${amount}`,
  amountDue: (amount) => `Masih kurang ${amount}`,
  paymentReceived: 'Pembayaran diterima',
  checkoutExpired: 'Batas waktu pembayaran ini sudah habis',
  retry: 'Coba lagi',
  errorRetryable: 'Server pembayaran tidak dapat dihubungi. Periksa koneksi Anda, lalu coba lagi.',
}

export default id
