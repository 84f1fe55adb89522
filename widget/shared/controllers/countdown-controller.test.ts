import { aTimeout, expect, waitUntil } from '@open-wc/testing'
import en from '../../i18n/en.js'
import id from '../../i18n/id.js'
import zhCN from '../../i18n/zh-CN.js'
import { TestHost } from '../../test-helpers/test-host.js'
import { CountdownController, formatDuration } from './countdown-controller.js'
import { countdownStrings } from './countdown-i18n.js'

const START = Date.parse('2026-03-01T10:00:00Z')

/** A countdown on a clock the test moves by hand. */
function setUp(secondsLeft: number, onExpire: () => void = () => undefined) {
  let now = START
  const host = new TestHost()
  const expiresAt = new Date(START + secondsLeft * 1000).toISOString()
  const countdown = new CountdownController(host, { expiresAt: () => expiresAt, now: () => now, tickMs: 2, onExpire })
  host.connect()
  const advanceTo = async (remaining: number) => {
    now = START + (secondsLeft - remaining) * 1000
    await waitUntil(() => countdown.remainingSeconds === remaining, `never reached ${remaining}`)
  }
  return { countdown, host, advanceTo }
}

describe('formatDuration', () => {
  it('shows mm:ss below an hour and h:mm:ss from an hour', () => {
    expect(formatDuration(0)).to.equal('00:00')
    expect(formatDuration(65)).to.equal('01:05')
    expect(formatDuration(3599)).to.equal('59:59')
    expect(formatDuration(3600)).to.equal('1:00:00')
    expect(formatDuration(26 * 3600 + 61)).to.equal('26:01:01')
    expect(formatDuration(-5)).to.equal('00:00')
  })
})

describe('countdown words', () => {
  it("are English out of the box and the other languages' with their shared words", () => {
    const english = countdownStrings(en)
    expect(english.minutesLeft(1)).to.equal('1 minute left to pay')
    expect(english.minutesLeft(5)).to.equal('5 minutes left to pay')
    expect(english.secondsLeft(1)).to.equal('1 second left to pay')
    expect(countdownStrings(zhCN).expiresIn('09:59')).to.equal('09:59 后过期')
    expect(countdownStrings(id).secondsLeft(30)).to.equal('Sisa waktu 30 detik')
  })
})

describe('CountdownController', () => {
  it('counts down from the clock and fires once at zero', async () => {
    let expired = 0
    const { countdown, host, advanceTo } = setUp(90, () => expired++)
    expect(countdown.remainingSeconds).to.equal(90)
    expect(countdown.formatted).to.equal('01:30')

    await advanceTo(61)
    expect(countdown.formatted).to.equal('01:01')
    expect(host.updateRequests).to.be.greaterThan(0)

    await advanceTo(0)
    expect(countdown.expired).to.equal(true)
    await aTimeout(20)
    expect(expired).to.equal(1)
  })

  it('rounds a part second up, so 00:00 only shows when time is up', async () => {
    const { countdown } = setUp(0.2)
    expect(countdown.remainingSeconds).to.equal(1)
  })

  it('makes an announcement due only when a threshold is crossed', async () => {
    const { countdown, advanceTo } = setUp(250)
    // Opening with about four minutes left is not announced as "5 minutes".
    expect(countdown.announcement).to.equal(null)

    await advanceTo(200)
    expect(countdown.announcement).to.equal(null)
    await advanceTo(120)
    expect(countdown.announcement).to.equal(120)
    await advanceTo(90)
    expect(countdown.announcement).to.equal(120)
    await advanceTo(45)
    expect(countdown.announcement).to.equal(60)
    await advanceTo(29)
    expect(countdown.announcement).to.equal(30)
  })

  it('stops ticking while the host is disconnected', async () => {
    const { countdown, host } = setUp(100)
    host.disconnect()
    const before = host.updateRequests
    await aTimeout(20)
    expect(host.updateRequests).to.equal(before)
    expect(countdown.remainingSeconds).to.equal(100)
  })

  it('shows nothing without an expiry', () => {
    const host = new TestHost()
    const countdown = new CountdownController(host, { expiresAt: () => null })
    host.connect()
    expect(countdown.remainingSeconds).to.equal(null)
    expect(countdown.formatted).to.equal('')
  })
})
