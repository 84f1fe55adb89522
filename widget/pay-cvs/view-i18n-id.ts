import type { CvsViewStrings } from './payment-view.js'

const id: CvsViewStrings = {
  awaitingStore: 'Menunggu pembayaran di gerai',
  ready: 'Kasir telah menemukan tagihan Anda. Bayar sekarang untuk menyelesaikan.',
  codeLabel: 'Kode pembayaran',
  codeSpoken: (digits) => `Kode pembayaran ${digits}`,
  payAt: (store) => `Bayar di ${store}`,
  amountToPay: 'Jumlah yang harus dibayar',
  payBefore: 'Bayar sebelum',
  copy: 'Salin kode',
  copied: 'Kode pembayaran disalin',
  copyFailed: 'Tidak dapat menyalin. Pilih kode lalu salin sendiri.',
  instructionsTitle: 'Cara membayar',
  goTo: {
    indomaret: 'Datang ke gerai Indomaret terdekat.',
    alfamart: 'Datang ke gerai Alfamart, Alfamidi, Lawson atau Dan+Dan terdekat.',
  },
  steps: (code, amount) => [
    'Beri tahu kasir bahwa Anda ingin membayar belanja online dengan kode pembayaran NICEPAY.',
    `Tunjukkan halaman ini atau sebutkan kode pembayaran: ${code}.`,
    `Periksa jumlah yang disebutkan kasir: ${amount}.`,
    'Bayar tunai dan simpan struknya.',
    'Halaman ini menampilkan "Pembayaran diterima" setelah gerai mengonfirmasinya.',
  ],
  print: 'Cetak',
  check: 'Saya sudah membayar: periksa sekarang',
  checking: 'Sedang memeriksa…',
  paidTitle: 'Lunas. Terima kasih!',
  paidBody: (store) => `Pembayaran Anda di ${store} telah diterima.`,
  expiredTitle: 'Kode pembayaran ini sudah kedaluwarsa',
  expiredBody: 'Jangan membayarnya lagi di gerai. Minta pesanan baru kepada penjual.',
  expiredNoCodeTitle: 'Pesanan ini sudah kedaluwarsa',
  expiredNoCodeBody:
    'Tidak ada kode pembayaran yang dibuat untuknya, jadi tidak ada yang perlu dibayar di gerai. Minta pesanan baru kepada penjual.',
}

export default id
