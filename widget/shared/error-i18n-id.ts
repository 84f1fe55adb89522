import type { ErrorStrings } from './error-view.js'

const id: ErrorStrings = {
  rate_limited: (wait) => `Terlalu banyak percobaan. Silakan coba lagi dalam ${wait}.`,
  origin_not_allowed: 'Toko ini belum dapat terhubung ke server pembayarannya. Silakan hubungi penjual.',
  network_error: 'Server pembayaran tidak dapat dihubungi. Periksa koneksi Anda, lalu coba lagi.',
  server_error: 'Server pembayaran belum dapat menjawab. Silakan coba lagi sebentar lagi.',
  checkout_not_found: 'Pembayaran ini tidak ditemukan. Silakan kembali ke toko dan mulai lagi.',
  checkout_expired: 'Batas waktu pembayaran ini sudah habis. Silakan kembali ke toko dan mulai lagi.',
  checkout_canceled: 'Pembayaran ini telah dibatalkan. Silakan kembali ke toko dan mulai lagi.',
  fatal: 'Pembayaran ini tidak dapat ditampilkan. Silakan hubungi penjual.',
}

export default id
