import type { CvsStrings } from './i18n.js'

const zhCN: CvsStrings = {
  chooseStore: '您想在哪里付款？',
  storeNames: { indomaret: 'Indomaret', alfamart: 'Alfamart' },
  storeNotes: { indomaret: '所有 Indomaret 门店', alfamart: '也可在 Alfamidi、Lawson 和 Dan+Dan 付款' },
  name: '姓名',
  phone: '手机号码',
  phoneHint: '例如 0812 3456 7890 或 +62 812 3456 7890',
  email: '电子邮箱',
  submit: '获取付款码',
  submitting: '正在生成付款码…',
  notAvailable: '此订单不支持便利店付款。',
}

export default zhCN
