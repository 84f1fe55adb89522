import type { CryptoStrings } from './i18n.js'

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
  depositStatuses: {
    'Awaiting payment': '等待付款',
    Expired: '已过期',
    Underpayment: '付款不足',
    'Underpayment(Overdue)': '付款不足，逾期',
    Paid: '已付款',
    'Paid(Overdue)': '已付款，逾期',
    Overpayment: '超额付款',
    'Overpayment(Overdue)': '超额付款，逾期',
  },
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

export default zhCN
