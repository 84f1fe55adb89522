import type { TermsStrings } from './subscription-terms.js'

const id: TermsStrings = {
  title: 'Langganan',
  once: (now, first) => `${now} untuk ${first}. Tidak diperpanjang.`,
  untilCanceled: (now, first, then, every) =>
    `${now} hari ini untuk ${first} pertama, lalu ${then} setiap ${every} sampai Anda berhenti berlangganan.`,
  times: (now, first, then, every, times) =>
    `${now} hari ini untuk ${first} pertama, lalu ${then} setiap ${every}, sebanyak ${times} kali.`,
}

export default id
