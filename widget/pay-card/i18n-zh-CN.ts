import type { CardTranslation } from './i18n.js'

/** Every word of `<pay-card>` in Simplified Chinese: the form's, then those shown once the payer has acted. */
const zhCN: CardTranslation = {
  labels: {
    number: '卡号',
    expiry: '有效期（月 / 年，MM / YY）',
    cvv: '安全码（CVV）',
    name: '持卡人姓名',
    email: '电子邮箱',
    country: '国家或地区',
    postal: '邮政编码',
  },
  paying: '正在付款…',
  notAvailable: '此订单不支持银行卡付款。',

  // What to fix, the bank's steps, why a payment did not go through, the receipt (card-result.ts).
  result: {
    invalid: {
      number: '请输入卡面上的卡号。',
      expiry: '请按 MM / YY 格式输入有效期，卡片不能已过期。',
      cvv: '请输入安全码：卡背面的 3 位数字，American Express 卡为正面的 4 位数字。',
      name: '请按卡面印刷输入姓名，使用拉丁字母（2 至 45 个字符）。',
      email: '请输入电子邮箱地址，例如 name@example.com。',
      country: '请选择您的国家或地区。',
      postal: '请输入邮政编码（字母和数字，最多 16 个字符）。',
    },
    challenge: '您的银行需要确认是您本人，请按下方步骤操作。',
    checking: '正在向您的银行确认付款…',
    declined: {
      declined: '您的银行拒绝了此卡，未扣款。请换一张卡，或向银行询问原因。',
      authentication_failed: '您的银行未能确认是您本人，因此未扣款。请重试或换一张卡。',
      try_again: '暂时无法联系您的银行，未扣款。请稍后重试。',
    },
    bankSaid: (text) => `银行信息：${text}`,
    cardRefused: '卡片信息未被接受，请检查后重试。',
    errorRetryable: '暂时无法完成付款，请重试。',
    approved: '付款成功，谢谢！',
    cardEnding: (last4) => `尾号 ${last4} 的卡`,
    reference: (id) => `参考号：${id}`,
    errorFatal: '此订单无法用银行卡付款，请联系商家。',
  },

  // A subscription's terms (subscription-terms.ts).
  terms: {
    title: '订阅',
    once: (now, first) => `${now}，有效期${first}，不会自动续订。`,
    untilCanceled: (now, first, then, every) => `今天支付${now}，涵盖首${first}；之后每${every}收取${then}，直至您取消。`,
    times: (now, first, then, every, times) => `今天支付${now}，涵盖首${first}；之后每${every}收取${then}，共${times}次。`,
  },
}

export default zhCN
