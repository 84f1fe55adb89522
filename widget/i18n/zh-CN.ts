import type { SharedTranslation } from './translation.js'

/** The words every element shares, in Simplified Chinese. */
const zhCN: SharedTranslation = {
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

  // The countdown, once the checkout has arrived (shared/controllers/follow.ts).
  countdown: {
    expiresIn: (time) => `${time} 后过期`,
    minutesLeft: (minutes) => `剩余 ${minutes} 分钟`,
    secondsLeft: (seconds) => `剩余 ${seconds} 秒`,
  },

  // Why a call failed, by kind (shared/error-view.ts).
  errors: {
    rate_limited: (wait) => `尝试次数过多。请在${wait}后重试。`,
    origin_not_allowed: '此商店暂时无法连接其支付服务器。请联系商家。',
    network_error: '无法连接支付服务器。请检查网络连接后重试。',
    server_error: '支付服务器暂时无法响应。请稍后重试。',
    checkout_not_found: '找不到此付款。请返回商店重新开始。',
    checkout_expired: '此付款已过期。请返回商店重新开始。',
    checkout_canceled: '此付款已取消。请返回商店重新开始。',
    fatal: '无法显示此付款。请联系商家。',
  },
}

export default zhCN
