import type { CvsActionStrings } from './cvs-actions.js'

const zhCN: CvsActionStrings = {
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
}

export default zhCN
