import { expect, test, type Page } from '@playwright/test'
import { expectAccessible } from './page-checks'

/**
 * The back office at a laptop's 1280 px and on a tablet (1024 and 768 px): no page scrolls
 * sideways, the attendee list fits its column (the e-mail column is not cut, the event column
 * is not squeezed), the side menu goes above the content below 1024 px, and the dashboard's
 * chart shows a mark even when every registration falls on one day.
 */
test.describe.configure({ timeout: 240_000 })

async function signIn(page: Page) {
  await page.goto('/en/sign-in')
  await page.getByLabel('Email address').fill('organisatrice@ccem.example')
  await page.getByLabel('Password').fill('passerelle-demo')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'))
}

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

for (const width of [1280, 1024, 768]) {
  test(`the attendee list and the dashboard read well at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 })
    await signIn(page)

    await page.goto('/en/admin/attendees')
    expect(await horizontalOverflow(page), 'the page scrolls sideways').toBeLessThanOrEqual(0)
    const table = page.getByTestId('attendee-table')
    await expect(table).toBeVisible()
    const fits = await table.evaluate((el) => {
      const box = el.parentElement!
      return { scroll: box.scrollWidth, client: box.clientWidth }
    })
    if (width >= 1280) expect(fits.scroll, 'the attendee list is cut at the right').toBeLessThanOrEqual(fits.client)
    // The event column: its titles take at most two lines at a laptop's width.
    if (width >= 1280) {
      const lines = await table.evaluate((t) => {
        const column = Array.from(t.querySelectorAll('thead th')).findIndex((th) => th.textContent?.trim() === 'Event')
        const el = t.querySelector(`tbody tr td:nth-child(${column + 1})`) as HTMLElement
        // the lines of the title's own text (the cell is as tall as the row's tallest cell)
        const range = document.createRange()
        range.selectNodeContents(el.querySelector('span') ?? el)
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size
      })
      expect(lines, 'the event title wraps over many lines').toBeLessThanOrEqual(2)
    }

    // The side menu sits beside the content from 1024 px, above it below.
    const nav = page.getByRole('navigation', { name: 'Back-office navigation' })
    const main = page.locator('main h1')
    const navBox = (await nav.boundingBox())!
    const h1Box = (await main.boundingBox())!
    if (width >= 1024) expect(navBox.x + navBox.width, 'menu beside the content').toBeLessThanOrEqual(h1Box.x)
    else expect(navBox.y + navBox.height, 'menu above the content').toBeLessThanOrEqual(h1Box.y)

    await page.goto('/en/admin')
    expect(await horizontalOverflow(page), 'the dashboard scrolls sideways').toBeLessThanOrEqual(0)
    const chart = page.locator('main svg[role="img"]').first()
    await expect(chart).toBeVisible()
    // The demo's registrations all fall on one day: one point, drawn as a visible mark.
    await expect(chart.locator('circle').first()).toBeVisible()
    if (width === 1280) await expectAccessible(page)
  })
}
