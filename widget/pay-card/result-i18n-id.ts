import type { CardResultStrings } from './card-result.js'

const id: CardResultStrings = {
  invalid: {
    number: 'Masukkan nomor kartu seperti tertulis pada kartu.',
    expiry: 'Masukkan masa berlaku sebagai BB / TT. Kartu tidak boleh kedaluwarsa.',
    cvv: 'Masukkan kode keamanan: 3 angka di belakang kartu, atau 4 di depan kartu American Express.',
    name: 'Masukkan nama seperti tercetak pada kartu, dengan huruf Latin (2 sampai 45).',
    email: 'Masukkan alamat email seperti nama@contoh.co.id.',
    country: 'Pilih negara Anda.',
    postal: 'Masukkan kode pos Anda (huruf dan angka, maksimal 16).',
  },
  challenge: 'Bank Anda ingin memastikan bahwa ini Anda. Ikuti langkah di bawah.',
  checking: 'Sedang memeriksa pembayaran dengan bank Anda…',
  declined: {
    declined: 'Bank Anda menolak kartu ini. Tidak ada dana yang ditagih. Coba kartu lain, atau tanyakan alasannya kepada bank Anda.',
    authentication_failed:
      'Bank Anda tidak dapat memastikan bahwa ini Anda, jadi tidak ada dana yang ditagih. Coba lagi atau gunakan kartu lain.',
    try_again: 'Bank Anda belum dapat dihubungi. Tidak ada dana yang ditagih. Silakan coba lagi sebentar lagi.',
  },
  bankSaid: (text) => `Pesan dari bank: ${text}`,
  cardRefused: 'Data kartu ini tidak diterima. Periksa lalu coba lagi.',
  errorRetryable: 'Pembayaran belum dapat diselesaikan. Silakan coba lagi.',
  approved: 'Pembayaran disetujui. Terima kasih!',
  cardEnding: (last4) => `Kartu berakhiran ${last4}`,
  reference: (id) => `Referensi: ${id}`,
  errorFatal: 'Pesanan ini tidak dapat dibayar dengan kartu. Silakan hubungi penjual.',
}

export default id
