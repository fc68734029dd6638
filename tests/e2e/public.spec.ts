import { expect, test } from '@playwright/test'
import { expectAccessible } from './page-checks'

const B2B = 'b2b-martinique-florida-buyers'

test.describe('language', () => {
  test('a first visit to / picks English or French from Accept-Language', async ({ browser, baseURL }) => {
    for (const [locale, expected] of [
      ['en-US', 'en'],
      ['fr-FR', 'fr'],
    ] as const) {
      const context = await browser.newContext({ locale, baseURL })
      const page = await context.newPage()
      await page.goto('/')
      await expect(page).toHaveURL(new RegExp(`/${expected}$`))
      await expect(page.locator('html')).toHaveAttribute('lang', expected)
      await context.close()
    }
  })

  test('the language switch keeps the same page and its filters', async ({ page }) => {
    await page.goto('/fr/events?kind=b2b_meetup')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Événements')
    await page.getByRole('link', { name: 'Read this page in English' }).click()
    await expect(page).toHaveURL(/\/en\/events\?kind=b2b_meetup$/)
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Events')
    await expect(page.getByLabel('Kind of event')).toHaveValue('b2b_meetup')
    await expectAccessible(page)

    await page.goto(`/en/events/${B2B}`)
    await page.getByRole('link', { name: 'Lire cette page en français' }).click()
    await expect(page).toHaveURL(new RegExp(`/fr/events/${B2B}$`))
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rencontres B2B Martinique × acheteurs de Floride')
  })
})

test.describe('pages', () => {
  test('home shows what the collective does and the next three events', async ({ page }) => {
    await page.goto('/en')
    await expect(page).toHaveTitle(/Martinique Export Cooperation Collective/)
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1)
    const next = page.getByRole('region', { name: 'Upcoming events' })
    await expect(next.getByRole('listitem')).toHaveCount(3)
    await expect(page.getByRole('region', { name: 'Supported by' })).toContainText('Miami-Dade County')
    await expectAccessible(page)
  })

  test('the B2B event page shows ticket types with price and seats left, and registration', async ({ page }) => {
    await page.goto(`/en/events/${B2B}`)
    await expect(page).toHaveTitle('B2B meetups: Martinique × Florida buyers — CCEM')
    const tickets = page.getByRole('region', { name: 'Tickets' })
    const delegate = tickets.getByRole('listitem').filter({ hasText: 'Delegate' })
    await expect(delegate).toContainText('$150.00')
    await expect(delegate).toContainText(/\d+ seat\(s\) left/)
    await expect(tickets.getByRole('listitem').filter({ hasText: 'Exhibitor table' })).toContainText('$450.00')
    await expect(tickets.getByRole('listitem').filter({ hasText: 'Guest' })).toContainText('Free')
    // every price sits on the right of its ticket's name, on a phone as on a desktop
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 })
      for (const item of await tickets.getByRole('listitem').all()) {
        const name = await item.locator('p').first().boundingBox()
        const price = await item.getByTestId('ticket-price').boundingBox()
        expect(name && price && price.x >= name.x + name.width - 1 && price.y < name.y + name.height, `price beside its name at ${width}px`).toBe(true)
      }
    }
    await page.setViewportSize({ width: 1280, height: 720 })
    await expect(tickets.getByRole('link', { name: 'Register' })).toHaveAttribute('href', `/en/events/${B2B}/register`)
    await expect(page.locator('head link[rel="alternate"][type="text/calendar"]')).toHaveAttribute('href', `/en/events/${B2B}/calendar.ics`)
    await expect(page.getByRole('region', { name: 'Programme' }).locator('ol ol time').first()).toHaveAttribute('datetime', /T09:00:00/)
    await expect(page.getByRole('link', { name: /View on the map/ })).toHaveAttribute('href', /openstreetmap\.org\/\?mlat=25\.7752&mlon=-80\.1966/)
    await expectAccessible(page)
  })

  test('an unknown page is a 404 in English', async ({ page }) => {
    const response = await page.goto('/en/nope')
    expect(response?.status()).toBe(404)
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found')
    await expectAccessible(page)
  })

  test('the about page names the founders and lists funders from the database', async ({ page }) => {
    await page.goto('/fr/about')
    await expect(page.getByRole('main')).toContainText('Viviane Chiffrin')
    await expect(page.getByRole('main')).toContainText('15 mars 2017')
    await expect(page.getByRole('region', { name: 'Financeurs' })).toContainText('Fonds de Coopération Régionale')
    await expectAccessible(page)
  })
})

test.describe('without JavaScript', () => {
  test('the event list filters with a plain form and the event page renders', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL })
    const page = await context.newPage()
    await page.goto('/en/events')
    await page.getByLabel('Kind of event').selectOption('delegation')
    await page.getByRole('button', { name: 'Filter' }).click()
    await expect(page).toHaveURL(/\/en\/events\?kind=delegation$/)
    const results = page.getByRole('region', { name: 'Upcoming' })
    await expect(results.getByRole('heading', { name: 'Martinique business delegation to Miami' })).toBeVisible()
    await expect(results.getByRole('heading', { name: /B2B meetups/ })).toHaveCount(0)

    await page.getByRole('navigation', { name: 'Period' }).getByRole('link', { name: 'Past' }).click()
    await expect(page).toHaveURL(/when=past/)
    await page.getByLabel('Kind of event').selectOption('celebration')
    await page.getByRole('button', { name: 'Filter' }).click()
    await expect(page.getByRole('link', { name: 'CCEM celebrates its first year in Miami' })).toBeVisible()

    await page.getByRole('link', { name: 'CCEM celebrates its first year in Miami' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('CCEM celebrates its first year in Miami')
    await expect(page.getByText('This event has ended.')).toBeVisible()
    await context.close()
  })
})

test.describe('keyboard', () => {
  test('the skip link is the first Tab stop and moves focus to the main content', async ({ page }) => {
    await page.goto('/fr/events')
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Aller au contenu principal' })
    await expect(skip).toBeFocused()
    await expect(skip).toBeVisible()
    await page.keyboard.press('Enter')
    await expect(page.locator('main')).toBeFocused()
  })
})
