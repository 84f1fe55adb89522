import type { CardTranslation } from './i18n.js'

/** Every word of `<pay-card>` in Indonesian: the form's, then those shown once the payer has acted. */
const id: CardTranslation = {
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

  // What to fix, the bank's steps, why a payment did not go through, the receipt (card-result.ts).
  result: {
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
  },

  // A subscription's terms (subscription-terms.ts).
  terms: {
    title: 'Langganan',
    once: (now, first) => `${now} untuk ${first}. Tidak diperpanjang.`,
    untilCanceled: (now, first, then, every) =>
      `${now} hari ini untuk ${first} pertama, lalu ${then} setiap ${every} sampai Anda berhenti berlangganan.`,
    times: (now, first, then, every, times) =>
      `${now} hari ini untuk ${first} pertama, lalu ${then} setiap ${every}, sebanyak ${times} kali.`,
  },
}

export default id
