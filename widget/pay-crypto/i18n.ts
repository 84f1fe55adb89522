import type { LocaleCode } from '../i18n/translation.js'

/** `<pay-crypto>`'s own words; the shared ones (statuses, countdown) are in widget/i18n. */
export interface CryptoStrings {
  chooseCoin: string
  chooseNetwork: (coin: string) => string
  continue: string
  loadingCoins: string
  sendExactly: string
  toAddress: string
  network: string
  memo: string
  memoWarning: (coin: string) => string
  depositStatus: string
  cryptoDue: (amount: string) => string
  copy: string
  copied: string
  copyFailed: string
  changeCoin: string
  qrLabel: (coin: string) => string
  hostedButton: string
  hostedWaiting: string
  hostedOpenAgain: string
  expiredNoPay: string
}

const en: CryptoStrings = {
  chooseCoin: 'Choose a coin',
  chooseNetwork: (coin) => `Network for ${coin}`,
  continue: 'Show payment address',
  loadingCoins: 'Loading coins…',
  sendExactly: 'Send exactly',
  toAddress: 'To this address',
  network: 'Network',
  memo: 'Memo / tag',
  memoWarning: (coin) => `Include this memo with your ${coin} transfer. Without it your payment cannot be matched and may be lost.`,
  depositStatus: 'Deposit status',
  cryptoDue: (amount) => `Send ${amount} more to complete the payment`,
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Could not copy; select the text instead',
  changeCoin: 'Pay with another coin',
  qrLabel: (coin) => `QR code to pay with ${coin}`,
  hostedButton: 'Pay with crypto on CCPayment',
  hostedWaiting: 'Finish the payment in the CCPayment window; this page updates by itself.',
  hostedOpenAgain: 'Open the payment page again',
  expiredNoPay: 'Do not send anything to this address any more.',
}

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

const zhCN: CryptoStrings = {
  chooseCoin: '选择币种',
  chooseNetwork: (coin) => `${coin} 的网络`,
  continue: '显示付款地址',
  loadingCoins: '正在加载币种…',
  sendExactly: '请准确发送',
  toAddress: '至此地址',
  network: '网络',
  memo: '备注 / 标签',
  memoWarning: (coin) => `转账 ${coin} 时务必填写此备注，否则付款无法匹配，可能丢失。`,
  depositStatus: '充值状态',
  cryptoDue: (amount) => `还需发送 ${amount} 以完成付款`,
  copy: '复制',
  copied: '已复制',
  copyFailed: '无法复制，请手动选择文本',
  changeCoin: '改用其他币种',
  qrLabel: (coin) => `用 ${coin} 付款的二维码`,
  hostedButton: '在 CCPayment 上用加密货币付款',
  hostedWaiting: '请在 CCPayment 窗口中完成付款；本页面会自动更新。',
  hostedOpenAgain: '再次打开付款页面',
  expiredNoPay: '请不要再向此地址发送任何款项。',
}

export const cryptoStrings: Record<LocaleCode, CryptoStrings> = { en, id, 'zh-CN': zhCN }
