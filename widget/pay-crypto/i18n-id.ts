import type { CryptoStrings } from './i18n.js'

const id: CryptoStrings = {
  chooseCoin: 'Pilih koin',
  chooseNetwork: (coin) => `Jaringan untuk ${coin}`,
  continue: 'Tampilkan alamat pembayaran',
  loadingCoins: 'Memuat koin…',
  sendExactly: 'Kirim tepat',
  toAddress: 'Ke alamat ini',
  network: 'Jaringan',
  memo: 'Memo / tag',
  memoWarning: (coin) => `Sertakan memo ini pada transfer ${coin} Anda. Tanpa memo, pembayaran tidak dapat dicocokkan dan bisa hilang.`,
  depositStatus: 'Status setoran',
  depositStatuses: {
    'Awaiting payment': 'menunggu pembayaran',
    Expired: 'kedaluwarsa',
    Underpayment: 'kurang bayar',
    'Underpayment(Overdue)': 'kurang bayar, terlambat',
    Paid: 'lunas',
    'Paid(Overdue)': 'lunas, terlambat',
    Overpayment: 'lebih bayar',
    'Overpayment(Overdue)': 'lebih bayar, terlambat',
  },
  cryptoDue: (amount) => `Kirim ${amount} lagi untuk menyelesaikan pembayaran`,
  copy: 'Salin',
  copied: 'Disalin',
  copyFailed: 'Tidak dapat menyalin; pilih teksnya secara manual',
  changeCoin: 'Bayar dengan koin lain',
  qrLabel: (coin) => `Kode QR untuk membayar dengan ${coin}`,
  hostedButton: 'Bayar dengan kripto di CCPayment',
  hostedWaiting: 'Selesaikan pembayaran di jendela CCPayment; halaman ini diperbarui sendiri.',
  hostedOpenAgain: 'Buka lagi halaman pembayaran',
  expiredNoPay: 'Jangan kirim apa pun lagi ke alamat ini.',
}

export default id
