import { existsSync } from 'node:fs'

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own browser if installed. */
export function findChromium(): { path: string | undefined; source: string } | null {
  if (process.env.CHROMIUM_PATH) {
    if (existsSync(process.env.CHROMIUM_PATH)) return { path: process.env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' }
    return null
  }
  if (existsSync('/usr/bin/chromium')) return { path: '/usr/bin/chromium', source: '/usr/bin/chromium' }
  return null
}

export const CHROMIUM_HELP = `No Chromium found for the end-to-end tests.
Get one of these, then run npm test again:
  - Debian/Ubuntu:  sudo apt-get install -y chromium      (installs /usr/bin/chromium)
  - any system:     set CHROMIUM_PATH=/path/to/chrome-or-chromium
  - with internet:  npx playwright install chromium        (Playwright's own browser)`

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]
