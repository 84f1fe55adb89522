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
  storeRequired: '请选择 Indomaret 或 Alfamart。',
  nameRequired: '请输入您的姓名。',
  nameInvalid: '姓名只能包含字母。',
  phoneInvalid: '请输入印度尼西亚电话号码，例如 0812 3456 7890。',
  emailInvalid: '请输入电子邮箱地址，例如 nama@contoh.co.id（最多 40 个字符）。',
  notAvailable: '此订单不支持便利店付款。',
  errorRetryable: '暂时无法生成付款码，请重试。',
  errorFatal: '无法为此订单生成付款码，请联系商家。',
  tryAgain: '重试',
}

export default zhCN
