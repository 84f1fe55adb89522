import type { CvsTranslation } from './i18n.js'

/** Every word of `<pay-cvs>` in Indonesian: the form's, then those shown once the payer has acted. */
const id: CvsTranslation = {
  chooseStore: 'Di mana Anda akan membayar?',
  storeNames: { indomaret: 'Indomaret', alfamart: 'Alfamart' },
  storeNotes: { indomaret: 'Semua gerai Indomaret', alfamart: 'Juga Alfamidi, Lawson dan Dan+Dan' },
  name: 'Nama lengkap',
  phone: 'Nomor ponsel',
  phoneHint: 'Contoh: 0812 3456 7890 atau +62 812 3456 7890',
  email: 'Email',
  submit: 'Dapatkan kode pembayaran',
  hostedSubmit: 'Pilih gerai di NICEPAY',
  submitting: 'Sedang membuat kode pembayaran…',
  notAvailable: 'Pembayaran di minimarket tidak tersedia untuk pesanan ini.',

  // What the payer is told once they have acted (cvs-actions.ts).
  actions: {
    invalid: {
      store: 'Pilih Indomaret atau Alfamart.',
      name: 'Masukkan nama Anda dengan huruf.',
      phone: 'Masukkan nomor telepon Indonesia, misalnya 0812 3456 7890.',
      email: 'Masukkan alamat email seperti nama@contoh.co.id (maksimal 40 karakter).',
    },
    nameRequired: 'Masukkan nama Anda.',
    errorRetryable: 'Kami belum bisa membuat kode pembayaran. Silakan coba lagi.',
    errorFatal: 'Kode pembayaran tidak dapat dibuat untuk pesanan ini. Silakan hubungi penjual.',
    hostedWaiting:
      'Pilih Indomaret atau Alfamart di halaman aman NICEPAY untuk mendapatkan kode pembayaran. Kode tampil di sini begitu Anda mendapatkannya.',
    hostedContinue: 'Lanjutkan di NICEPAY',
    expiring:
      'Pesanan ini akan segera berakhir, terlalu cepat untuk dibayar di gerai. Minta pesanan baru kepada penjual, atau bayar dengan cara lain.',
  },

  // The payment code with its steps, and the paid and expired results (payment-view.ts).
  views: {
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
  },
}

export default id
