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
  notAvailable: 'Pembayaran di minimarket tidak tersedia untuk pesanan ini.',
}

export default id
