import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { constantTimeEqual, randomId, sha256Hex, toHex } from './crypto.js'

describe('constantTimeEqual', () => {
  it.each([
    ['', '', true],
    ['3f9a', '3f9a', true],
    ['3f9a', '3f9b', false],
    ['3f9a', '4f9a', false],
    ['3f9a', '3F9A', false],
    ['3f9a', '3f9', false],
    ['3f9', '3f9a', false],
    ['', 'a', false],
    // Past the shorter string a character counts as 0: only the lengths tell these apart.
    ['a\u0000', 'a', false],
    ['', '\u0000', false],
  ])('%j and %j: %s', (a, b, equal) => {
    expect(constantTimeEqual(a, b)).toBe(equal)
    expect(constantTimeEqual(b, a)).toBe(equal)
  })

  it('agrees with === on any two strings, and on a string and a one-character change of it', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => constantTimeEqual(a, b) === (a === b)))
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat(), fc.integer({ min: 1, max: 0xffff }), (a, at, delta) => {
        const i = at % a.length
        const changed = a.slice(0, i) + String.fromCharCode((a.charCodeAt(i) + delta) % 0x10000) + a.slice(i + 1)
        return constantTimeEqual(a, changed) === (a === changed)
      }),
    )
  })
})

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 examples', async () => {
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('hashes text as UTF-8, exactly as Web Crypto does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme' }), async (text) => {
        const webCrypto = toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
        expect(await sha256Hex(text)).toBe(webCrypto)
        expect(await sha256Hex(new TextEncoder().encode(text))).toBe(webCrypto)
      }),
    )
  })
})

describe('randomId', () => {
  it('is the prefix and the asked number of base62 characters, never twice the same', () => {
    // 5,000 ids draw far more than one 4,096-byte block of random bytes.
    const ids = Array.from({ length: 5000 }, () => randomId('cs', 43))
    for (const id of ids) expect(id).toMatch(/^cs_[0-9a-zA-Z]{43}$/)
    expect(new Set(ids).size).toBe(ids.length)
    expect(randomId('ev')).toMatch(/^ev_[0-9a-zA-Z]{24}$/)
  })

  it('uses every character of the alphabet about equally often', () => {
    const counts = new Map<string, number>()
    for (let i = 0; i < 2000; i++) for (const c of randomId('x', 62).slice(2)) counts.set(c, (counts.get(c) ?? 0) + 1)
    expect(counts.size).toBe(62)
    // 124,000 draws, 2,000 expected per character (σ ≈ 44). Without the rejection of bytes 248–255,
    // the first eight characters would come up 5/4 as often as the rest: ~2,420 times.
    for (const n of counts.values()) expect(Math.abs(n - 2000)).toBeLessThan(270)
  })
})
