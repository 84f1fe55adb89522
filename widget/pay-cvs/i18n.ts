import type { CvsStore } from '../../server/providers/nicepay/views.js'
import type { LocaleCode } from '../i18n/translation.js'

/** `<pay-cvs>`'s own words; the shared ones (statuses, countdown) are in widget/i18n. */
export interface CvsStrings {
  chooseStore: string
  storeNames: Record<CvsStore, string>
  storeNotes: Record<CvsStore, string>
  name: string
  phone: string
  phoneHint: string
  email: string
  submit: string
  submitting: string
  storeRequired: string
  nameRequired: string
  nameInvalid: string
  phoneInvalid: string
  emailInvalid: string
  codeLabel: string
  /** For screen readers: the code spelled out digit by digit. */
  codeSpoken: (digits: string) => string
  payAt: (store: string) => string
  amountToPay: string
  payBefore: string
  copy: string
  copied: string
  copyFailed: string
  ready: string
  instructionsTitle: string
  /** The steps at the till; `code` is grouped for reading aloud, `amount` formatted. */
  steps: Record<CvsStore, (code: string, amount: string) => string[]>
  print: string
  check: string
  checking: string
  paidTitle: string
  paidBody: (store: string) => string
  expiredTitle: string
  expiredBody: string
  notAvailable: string
  errorRetryable: string
  errorFatal: string
  tryAgain: string
}

const en: CvsStrings = {
  chooseStore: 'Where will you pay?',
  storeNames: { indomaret: 'Indomaret', alfamart: 'Alfamart' },
  storeNotes: { indomaret: 'Any Indomaret store', alfamart: 'Also Alfamidi, Lawson and Dan+Dan' },
  name: 'Full name',
  phone: 'Mobile number',
  phoneHint: 'For example 0812 3456 7890 or +62 812 3456 7890',
  email: 'Email',
  submit: 'Get payment code',
  submitting: 'Getting your payment code…',
  storeRequired: 'Choose Indomaret or Alfamart.',
  nameRequired: 'Enter your name.',
  nameInvalid: 'Enter your name in letters.',
  phoneInvalid: 'Enter an Indonesian phone number, such as 0812 3456 7890.',
  emailInvalid: 'Enter an email address such as nama@contoh.co.id (at most 40 characters).',
  codeLabel: 'Payment code',
  codeSpoken: (digits) => `Payment code ${digits}`,
  payAt: (store) => `Pay at ${store}`,
  amountToPay: 'Amount to pay',
  payBefore: 'Pay before',
  copy: 'Copy code',
  copied: 'Payment code copied',
  copyFailed: 'Could not copy. Select the code and copy it yourself.',
  ready: 'The cashier has found your bill. Pay now to finish.',
  instructionsTitle: 'How to pay',
  steps: {
    indomaret: (code, amount) => [
      'Go to any Indomaret store.',
      'Tell the cashier you want to pay an online purchase with a NICEPAY payment code.',
      `Show this page or read out the payment code: ${code}.`,
      `Check the amount the cashier tells you: ${amount}.`,
      'Pay in cash and keep the receipt.',
      'This page shows "Payment received" once the store has confirmed it.',
    ],
    alfamart: (code, amount) => [
      'Go to any Alfamart, Alfamidi, Lawson or Dan+Dan store.',
      'Tell the cashier you want to pay an online purchase with a NICEPAY payment code.',
      `Show this page or read out the payment code: ${code}.`,
      `Check the amount the cashier tells you: ${amount}.`,
      'Pay in cash and keep the receipt.',
      'This page shows "Payment received" once the store has confirmed it.',
    ],
  },
  print: 'Print',
  check: 'I have paid: check now',
  checking: 'Checking…',
  paidTitle: 'Paid. Thank you!',
  paidBody: (store) => `Your payment at ${store} has been received.`,
  expiredTitle: 'This payment code has expired',
  expiredBody: 'Do not pay it at the store any more. Ask the merchant for a new order.',
  notAvailable: 'Payment at a convenience store is not available for this order.',
  errorRetryable: 'We could not get a payment code just now. Please try again.',
  errorFatal: 'A payment code cannot be issued for this order. Please contact the merchant.',
  tryAgain: 'Try again',
}

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
  codeLabel: 'Kode pembayaran',
  codeSpoken: (digits) => `Kode pembayaran ${digits}`,
  payAt: (store) => `Bayar di ${store}`,
  amountToPay: 'Jumlah yang harus dibayar',
  payBefore: 'Bayar sebelum',
  copy: 'Salin kode',
  copied: 'Kode pembayaran disalin',
  copyFailed: 'Tidak dapat menyalin. Pilih kode lalu salin sendiri.',
  ready: 'Kasir telah menemukan tagihan Anda. Bayar sekarang untuk menyelesaikan.',
  instructionsTitle: 'Cara membayar',
  steps: {
    indomaret: (code, amount) => [
      'Datang ke gerai Indomaret terdekat.',
      'Beri tahu kasir bahwa Anda ingin membayar belanja online dengan kode pembayaran NICEPAY.',
      `Tunjukkan halaman ini atau sebutkan kode pembayaran: ${code}.`,
      `Periksa jumlah yang disebutkan kasir: ${amount}.`,
      'Bayar tunai dan simpan struknya.',
      'Halaman ini menampilkan "Pembayaran diterima" setelah gerai mengonfirmasinya.',
    ],
    alfamart: (code, amount) => [
      'Datang ke gerai Alfamart, Alfamidi, Lawson atau Dan+Dan terdekat.',
      'Beri tahu kasir bahwa Anda ingin membayar belanja online dengan kode pembayaran NICEPAY.',
      `Tunjukkan halaman ini atau sebutkan kode pembayaran: ${code}.`,
      `Periksa jumlah yang disebutkan kasir: ${amount}.`,
      'Bayar tunai dan simpan struknya.',
      'Halaman ini menampilkan "Pembayaran diterima" setelah gerai mengonfirmasinya.',
    ],
  },
  print: 'Cetak',
  check: 'Saya sudah membayar: periksa sekarang',
  checking: 'Sedang memeriksa…',
  paidTitle: 'Lunas. Terima kasih!',
  paidBody: (store) => `Pembayaran Anda di ${store} telah diterima.`,
  expiredTitle: 'Kode pembayaran ini sudah kedaluwarsa',
  expiredBody: 'Jangan membayarnya lagi di gerai. Minta pesanan baru kepada penjual.',
  notAvailable: 'Pembayaran di minimarket tidak tersedia untuk pesanan ini.',
  errorRetryable: 'Kami belum bisa membuat kode pembayaran. Silakan coba lagi.',
  errorFatal: 'Kode pembayaran tidak dapat dibuat untuk pesanan ini. Silakan hubungi penjual.',
  tryAgain: 'Coba lagi',
}

const zhCN: CvsStrings = {
  chooseStore: '您想在哪里付款？',
  storeNames: { indomaret: 'Indomaret', alfamart: 'Alfamart' },
  storeNotes: { indomaret: '所有 Indomaret 门店', alfamart: '也可在 Alfamidi、Lawson 和 Dan+Dan 付款' },
  name: '姓名',
  phone: '手机号码',
  phoneHint: '例如 0812 3456 7890 或 +62 812 3456 7890',
  email: '电子邮箱',
  submit: '获取付款码',
  submitting: '正在生成付款码…',
  storeRequired: '请选择 Indomaret 或 Alfamart。',
  nameRequired: '请输入您的姓名。',
  nameInvalid: '姓名只能包含字母。',
  phoneInvalid: '请输入印度尼西亚电话号码，例如 0812 3456 7890。',
  emailInvalid: '请输入电子邮箱地址，例如 nama@contoh.co.id（最多 40 个字符）。',
  codeLabel: '付款码',
  codeSpoken: (digits) => `付款码 ${digits}`,
  payAt: (store) => `在 ${store} 付款`,
  amountToPay: '应付金额',
  payBefore: '付款截止',
  copy: '复制付款码',
  copied: '付款码已复制',
  copyFailed: '无法复制，请手动选择并复制付款码。',
  ready: '收银员已查到您的账单，请立即付款。',
  instructionsTitle: '付款步骤',
  steps: {
    indomaret: (code, amount) => [
      '前往任意 Indomaret 门店。',
      '告诉收银员您要用 NICEPAY 付款码支付网购订单。',
      `出示此页面或读出付款码：${code}。`,
      `核对收银员告知的金额：${amount}。`,
      '现金付款并保留收据。',
      '门店确认后，此页面会显示“已收到付款”。',
    ],
    alfamart: (code, amount) => [
      '前往任意 Alfamart、Alfamidi、Lawson 或 Dan+Dan 门店。',
      '告诉收银员您要用 NICEPAY 付款码支付网购订单。',
      `出示此页面或读出付款码：${code}。`,
      `核对收银员告知的金额：${amount}。`,
      '现金付款并保留收据。',
      '门店确认后，此页面会显示“已收到付款”。',
    ],
  },
  print: '打印',
  check: '我已付款：立即查询',
  checking: '正在查询…',
  paidTitle: '付款成功，谢谢！',
  paidBody: (store) => `您在 ${store} 的付款已收到。`,
  expiredTitle: '此付款码已过期',
  expiredBody: '请勿再到门店支付。请向商家重新下单。',
  notAvailable: '此订单不支持便利店付款。',
  errorRetryable: '暂时无法生成付款码，请重试。',
  errorFatal: '无法为此订单生成付款码，请联系商家。',
  tryAgain: '重试',
}

export const cvsStrings: Record<LocaleCode, CvsStrings> = { en, id, 'zh-CN': zhCN }
