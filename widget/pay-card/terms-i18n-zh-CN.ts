import type { TermsStrings } from './subscription-terms.js'

const zhCN: TermsStrings = {
  title: '订阅',
  once: (now, first) => `${now}，有效期${first}，不会自动续订。`,
  untilCanceled: (now, first, then, every) => `今天支付${now}，涵盖首${first}；之后每${every}收取${then}，直至您取消。`,
  times: (now, first, then, every, times) => `今天支付${now}，涵盖首${first}；之后每${every}收取${then}，共${times}次。`,
}

export default zhCN
