/**
 * IP allowlists for CCBill's webhooks, which carry no signature: CCBill publishes the ranges it
 * posts from "to set up firewall rules" (providers.md §3.7). Entries are addresses or CIDR ranges,
 * IPv4 or IPv6; matching is exact arithmetic on the address bits.
 */

/** CCBill's published webhook origins (64.38.212.1–254 and so on). */
export const CCBILL_WEBHOOK_RANGES = ['64.38.212.0/24', '64.38.215.0/24', '64.38.240.0/24', '64.38.241.0/24'] as const

/** This host, for sandbox deliveries and a developer's own tests. */
export const LOOPBACK_RANGES = ['127.0.0.0/8', '::1/128'] as const

interface Range {
  version: 4 | 6
  network: bigint
  prefix: number
}

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return null
  return parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n)
}

function parseIpv6(text: string): bigint | null {
  let hex = text
  // An embedded IPv4 tail (::ffff:192.0.2.1) stands for the last two groups.
  if (text.includes('.')) {
    const cut = text.lastIndexOf(':')
    const v4 = parseIpv4(text.slice(cut + 1))
    if (cut < 0 || v4 === null) return null
    hex = `${text.slice(0, cut + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`
  }
  const halves = hex.split('::')
  if (halves.length > 2) return null
  const groups = (s: string) => (s === '' ? [] : s.split(':'))
  const left = groups(halves[0]!)
  const right = halves.length === 2 ? groups(halves[1]!) : []
  const given = left.length + right.length
  if (halves.length === 2 ? given > 7 : given !== 8) return null
  if (![...left, ...right].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null
  const all = [...left, ...Array<string>(8 - given).fill('0'), ...right]
  return all.reduce((n, g) => (n << 16n) | BigInt(`0x${g}`), 0n)
}

function parseAddress(text: string): { version: 4 | 6; value: bigint } | null {
  const v4 = parseIpv4(text)
  if (v4 !== null) return { version: 4, value: v4 }
  const v6 = parseIpv6(text)
  if (v6 === null) return null
  // An IPv4 peer on a dual-stack socket shows up as ::ffff:a.b.c.d.
  if (v6 >> 32n === 0xffffn) return { version: 4, value: v6 & 0xffffffffn }
  return { version: 6, value: v6 }
}

/** Parses one allowlist entry ("64.38.212.0/24", "203.0.113.9", "2001:db8::/32"), or null. */
export function parseRange(entry: string): Range | null {
  const [address = '', prefixText, extra] = entry.trim().split('/')
  if (extra !== undefined) return null
  const parsed = parseAddress(address)
  if (!parsed) return null
  const bits = parsed.version === 4 ? 32 : 128
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null
  const prefix = prefixText === undefined ? bits : Number(prefixText)
  if (prefix > bits) return null
  const mask = ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix)
  return { version: parsed.version, network: parsed.value & mask, prefix }
}

/** A matcher for a list of entries already checked with `parseRange`. */
export function ipAllowlist(entries: readonly string[]): (address: string) => boolean {
  const ranges = entries.map((e) => parseRange(e)).filter((r): r is Range => r !== null)
  return (address) => {
    const parsed = parseAddress(address.trim())
    if (!parsed) return false
    const bits = parsed.version === 4 ? 32 : 128
    return ranges.some((r) => {
      if (r.version !== parsed.version) return false
      const shift = BigInt(bits - r.prefix)
      return parsed.value >> shift === r.network >> shift
    })
  }
}
