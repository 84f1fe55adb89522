/**
 * How every test here starts Chromium: Debian's binary (never a downloaded one), headless, as root
 * (hence no sandbox), and without the background traffic that this offline machine refuses.
 * Plain JavaScript so the web-test-runner config can import it too.
 */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
