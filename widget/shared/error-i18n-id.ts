import type { ErrorStrings } from './error-view.js'

const id: ErrorStrings = {
  rateLimited: (wait) => `Terlalu banyak percobaan. Silakan coba lagi dalam ${wait}.`,
  rateLimitedSoon: 'Terlalu banyak percobaan. Silakan coba lagi dalam satu menit.',
  originNotAllowed: 'Toko ini belum dapat terhubung ke server pembayarannya. Silakan hubungi penjual; tidak ada dana yang ditagih.',
  unreachable: 'Server pembayaran tidak dapat dihubungi. Periksa koneksi Anda, lalu coba lagi.',
  serverError: 'Server pembayaran belum dapat menjawab. Silakan coba lagi sebentar lagi.',
  notFound: 'Pembayaran ini tidak ditemukan. Silakan kembali ke toko dan mulai lagi.',
  expired: 'Batas waktu pembayaran ini sudah habis. Silakan kembali ke toko dan mulai lagi.',
  canceled: 'Pembayaran ini telah dibatalkan. Silakan kembali ke toko dan mulai lagi.',
  fatal: 'Pembayaran ini tidak dapat ditampilkan. Silakan hubungi penjual.',
}

export default id
