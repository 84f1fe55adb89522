import type { CvsViewStrings } from './payment-view.js'

const zhCN: CvsViewStrings = {
  awaitingStore: '等待在门店付款',
  ready: '收银员已找到您的账单。请立即付款以完成。',
  codeLabel: '付款码',
  codeSpoken: (digits) => `付款码 ${digits}`,
  payAt: (store) => `在 ${store} 付款`,
  amountToPay: '应付金额',
  payBefore: '付款截止',
  copy: '复制付款码',
  copied: '付款码已复制',
  copyFailed: '无法复制，请手动选择并复制付款码。',
  instructionsTitle: '付款步骤',
  goTo: {
    indomaret: '前往任意 Indomaret 门店。',
    alfamart: '前往任意 Alfamart、Alfamidi、Lawson 或 Dan+Dan 门店。',
  },
  steps: (code, amount) => [
    '告诉收银员您要用 NICEPAY 付款码支付网购订单。',
    `出示此页面或读出付款码：${code}。`,
    `核对收银员告知的金额：${amount}。`,
    '现金付款并保留收据。',
    '门店确认后，此页面会显示“已收到付款”。',
  ],
  print: '打印',
  check: '我已付款：立即查询',
  checking: '正在查询…',
  paidTitle: '付款成功，谢谢！',
  paidBody: (store) => `您在 ${store} 的付款已收到。`,
  expiredTitle: '此付款码已过期',
  expiredBody: '请勿再到门店支付。请向商家重新下单。',
  expiredNoCodeTitle: '此订单已过期',
  expiredNoCodeBody: '此订单未生成付款码，无需在门店付款。请向商家重新下单。',
}

export default zhCN
