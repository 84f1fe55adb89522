import type { CvsStrings } from './i18n.js'

const id: CvsStrings = {
  chooseStore: 'Di mana Anda akan membayar?',
  storeNames: { indomaret: 'Indomaret', alfamart: 'Alfamart' },
  storeNotes: { indomaret: 'Semua gerai Indomaret', alfamart: 'Juga Alfamidi, Lawson dan Dan+Dan' },
  name: 'Nama lengkap',
  phone: 'Nomor ponsel',
  phoneHint: 'Contoh: 0812 3456 7890 atau +62 812 3456 7890',
  email: 'Email',
  submit: 'Dapatkan kode pembayaran',
  submitting: 'Sedang membuat kode pembayaran…',
  storeRequired: 'Pilih Indomaret atau Alfamart.',
  nameRequired: 'Masukkan nama Anda.',
  nameInvalid: 'Masukkan nama Anda dengan huruf.',
  phoneInvalid: 'Masukkan nomor telepon Indonesia, misalnya 0812 3456 7890.',
  emailInvalid: 'Masukkan alamat email seperti nama@contoh.co.id (maksimal 40 karakter).',
  notAvailable: 'Pembayaran di minimarket tidak tersedia untuk pesanan ini.',
  errorRetryable: 'Kami belum bisa membuat kode pembayaran. Silakan coba lagi.',
  errorFatal: 'Kode pembayaran tidak dapat dibuat untuk pesanan ini. Silakan hubungi penjual.',
  tryAgain: 'Coba lagi',
}

export default id
