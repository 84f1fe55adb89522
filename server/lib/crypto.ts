/**
 * Hashing, signing and random ids on Web Crypto (SHA-256 through Node's own module where the runtime
 * has one), so the app runs on any runtime Hono does.
 */
import type * as NodeCrypto from 'node:crypto'

const encoder = new TextEncoder()
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** Random bytes are drawn in blocks: one getRandomValues call per block instead of one per id. */
const randomBlock = new Uint8Array(4096)
let randomUsed = randomBlock.length

function randomByte(): number {
  if (randomUsed === randomBlock.length) {
    crypto.getRandomValues(randomBlock)
    randomUsed = 0
  }
  return randomBlock[randomUsed++]!
}

/** `prefix_` + `length` random base62 characters (24 chars ≈ 143 bits; 43 chars ≈ 256 bits). */
export function randomId(prefix: string, length = 24): string {
  let out = `${prefix}_`
  for (let i = 0; i < length;) {
    const byte = randomByte()
    // Rejection sampling keeps every character equally likely (256 is not a multiple of 62).
    if (byte < 248) {
      out += ALPHABET[byte % 62]
      i++
    }
  }
  return out
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  let hex = ''
  for (const byte of bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) hex += HEX[byte]
  return hex
}

export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  let binary = ''
  for (const byte of bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) binary += String.fromCharCode(byte)
  return btoa(binary)
}

export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
}

/** URL- and filename-safe base64 without padding (RFC 4648 §5). */
export function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Throws on text that is not base64url. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[\w-]*$/.test(text)) throw new Error('not base64url')
  return fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'))
}

/**
 * Node's own hash where the runtime has one (Node ≥ 20.16): it hashes on the spot, where Web
 * Crypto's digest is a round trip through the thread pool, which would hold every signed webhook
 * back by an event-loop turn. Elsewhere, Web Crypto.
 */
const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(
  'node:crypto',
) as typeof NodeCrypto | undefined

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(data).digest('hex')
  const bytes = typeof data === 'string' ? encoder.encode(data) : data
  return toHex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
}

export async function hmacSha256(key: Uint8Array, data: string): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(data)))
}

/**
 * Compares two strings in time that depends on their lengths only, never on where they differ:
 * for secrets and signatures that an attacker could otherwise guess one character at a time.
 * Lengths are not hidden (a signature's length is public).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length
  const length = Math.max(a.length, b.length)
  for (let i = 0; i < length; i++) difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0)
  return difference === 0
}

/**
 * Constant-time string comparison: Hono's hashes both sides with SHA-256 and then compares the
 * hashes and the strings without an early exit.
 */
export { timingSafeEqual } from 'hono/utils/buffer'
