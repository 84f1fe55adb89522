import type { CheckoutStrings } from './i18n.js'

const zhCN: CheckoutStrings = {
  chooseMethod: '付款方式',
  methods: { card: '银行卡', crypto: '加密货币', cvs: '便利店现金付款' },
  cryptoEstimate: (amounts) => `约 ${amounts}`,
  chosen: (method) => `已选择${method}`,
  started: {
    card: '银行卡付款已开始，此订单现在只能用银行卡支付。',
    crypto: '加密货币充值已开始，此订单现在只能用加密货币支付。',
    cvs: '付款码已生成，此订单现在只能在便利店支付。',
  },
}

export default zhCN
