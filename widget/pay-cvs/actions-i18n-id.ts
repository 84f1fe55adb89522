import type { CvsActionStrings } from './cvs-actions.js'

const id: CvsActionStrings = {
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
}

export default id
