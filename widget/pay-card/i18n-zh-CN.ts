import type { CardStrings } from './i18n.js'

const zhCN: CardStrings = {
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
}

export default zhCN
