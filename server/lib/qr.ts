import QRCode from 'qrcode'
import { toBase64 } from './crypto.js'

/**
 * A QR code as its module matrix, computed here so the browser only draws squares and ships no
 * QR encoder: `size` modules a side, `modules` the dark ones as a row-major bit string packed
 * eight to a byte and base64-encoded.
 */
export interface QrMatrix {
  size: number
  modules: string
}

export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const packed = new Uint8Array(Math.ceil((modules.size * modules.size) / 8))
  modules.data.forEach((dark, i) => {
    if (dark) packed[i >> 3]! |= 0x80 >> (i & 7)
  })
  return { size: modules.size, modules: toBase64(packed) }
}
