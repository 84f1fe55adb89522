import type { SharedTranslation } from './translation.js'

/** The words every element shares, in Indonesian. */
const id: SharedTranslation = {
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

  // The countdown, once the checkout has arrived (shared/controllers/follow.ts).
  countdown: {
    expiresIn: (time) => `Berakhir dalam ${time}`,
    minutesLeft: (minutes) => `Sisa waktu ${minutes} menit`,
    secondsLeft: (seconds) => `Sisa waktu ${seconds} detik`,
  },

  // Why a call failed, by kind (shared/error-view.ts).
  errors: {
    rate_limited: (wait) => `Terlalu banyak percobaan. Silakan coba lagi dalam ${wait}.`,
    origin_not_allowed: 'Toko ini belum dapat terhubung ke server pembayarannya. Silakan hubungi penjual.',
    network_error: 'Server pembayaran tidak dapat dihubungi. Periksa koneksi Anda, lalu coba lagi.',
    server_error: 'Server pembayaran belum dapat menjawab. Silakan coba lagi sebentar lagi.',
    checkout_not_found: 'Pembayaran ini tidak ditemukan. Silakan kembali ke toko dan mulai lagi.',
    checkout_expired: 'Batas waktu pembayaran ini sudah habis. Silakan kembali ke toko dan mulai lagi.',
    checkout_canceled: 'Pembayaran ini telah dibatalkan. Silakan kembali ke toko dan mulai lagi.',
    fatal: 'Pembayaran ini tidak dapat ditampilkan. Silakan hubungi penjual.',
  },
}

export default id
