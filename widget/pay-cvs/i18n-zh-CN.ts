import type { CvsTranslation } from './i18n.js'

/** Every word of `<pay-cvs>` in Simplified Chinese: the form's, then those shown once the payer has acted. */
const zhCN: CvsTranslation = {
  chooseStore: '您想在哪里付款？',
  storeNames: { indomaret: 'Indomaret', alfamart: 'Alfamart' },
  storeNotes: { indomaret: '所有 Indomaret 门店', alfamart: '也可在 Alfamidi、Lawson 和 Dan+Dan 付款' },
  name: '姓名',
  phone: '手机号码',
  phoneHint: '例如 0812 3456 7890 或 +62 812 3456 7890',
  email: '电子邮箱',
  submit: '获取付款码',
  hostedSubmit: '在 NICEPAY 选择门店',
  submitting: '正在生成付款码…',
  notAvailable: '此订单不支持便利店付款。',

  // What the payer is told once they have acted (cvs-actions.ts).
  actions: {
    invalid: {
      store: '请选择 Indomaret 或 Alfamart。',
      name: '姓名只能包含字母。',
      phone: '请输入印度尼西亚电话号码，例如 0812 3456 7890。',
      email: '请输入电子邮箱地址，例如 nama@contoh.co.id（最多 40 个字符）。',
    },
    nameRequired: '请输入您的姓名。',
    errorRetryable: '暂时无法生成付款码，请重试。',
    errorFatal: '无法为此订单生成付款码，请联系商家。',
    hostedWaiting: '请在 NICEPAY 安全页面上选择 Indomaret 或 Alfamart 以获取付款码。获取后将立即显示在这里。',
    hostedContinue: '前往 NICEPAY 继续',
    expiring: '此订单即将结束，来不及在便利店付款。请向商家重新下单，或改用其他方式付款。',
  },

  // The payment code with its steps, and the paid and expired results (payment-view.ts).
  views: {
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
  },
}

export default zhCN
