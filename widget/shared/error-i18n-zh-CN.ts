import type { ErrorStrings } from './error-view.js'

const zhCN: ErrorStrings = {
  rate_limited: (wait) => `尝试次数过多。请在${wait}后重试。`,
  origin_not_allowed: '此商店暂时无法连接其支付服务器。请联系商家。',
  network_error: '无法连接支付服务器。请检查网络连接后重试。',
  server_error: '支付服务器暂时无法响应。请稍后重试。',
  checkout_not_found: '找不到此付款。请返回商店重新开始。',
  checkout_expired: '此付款已过期。请返回商店重新开始。',
  checkout_canceled: '此付款已取消。请返回商店重新开始。',
  fatal: '无法显示此付款。请联系商家。',
}

export default zhCN
