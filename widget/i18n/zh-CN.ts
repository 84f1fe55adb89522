import type { Translation } from './translation.js'

const zhCN: Translation = {
  $code: 'zh-CN',
  $name: '简体中文',
  $dir: 'ltr',

  statuses: {
    open: '等待付款',
    pending: '付款处理中',
    underpaid: '部分付款',
    paid: '已付款',
    overpaid: '已付款（超出应付金额）',
    failed: '付款失败',
    expired: '已过期',
    canceled: '已取消',
    refunded: '已退款',
  },
  loading: '加载中…',
  pay: (amount) => `支付 ${amount}`,
  amountDue: (amount) => `仍需支付 ${amount}`,
  paymentReceived: '已收到付款',
  checkoutExpired: '此付款已过期',
  retry: '重试',
  errorRetryable: '无法连接支付服务器。请检查网络连接后重试。',
}

export default zhCN
