import { expect, test, type Page } from '@playwright/test'
import { expectAccessible } from './page-checks'
import { signIn } from './organiser'

/**
 * Every back-office page, in English and in French, as the demo organiser (an admin) sees it
 * with the seeded data: it answers 200 in the reader's language, has one h1 inside the main
 * landmark, shows no untranslated catalogue key, gives every form control an accessible name,
 * runs without a JavaScript error, and axe finds nothing serious or critical on it.
 */
test.describe.configure({ timeout: 600_000 })

// A catalogue key left on screen looks like `admin.events.tabs.details`.
const RAW_KEY = /\b(?:admin|errors|auth|mail|registration|payments|events|common)\.[a-z][A-Za-z]*\.[A-Za-z.]+\b/

async function unnamedControls(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('main input, main select, main textarea'))
      .filter((el) => !(el instanceof HTMLInputElement && ['hidden', 'submit', 'button'].includes(el.type)))
      .filter((el) => el.labels?.length === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !el.title)
      .map((el) => `${el.tagName.toLowerCase()}[name=${el.getAttribute('name')}]`),
  )
}

test('every back-office page reads well in English and French, with names for every control', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await signIn(page)

  // The seeded B2B meetup and one of its registrations.
  await page.goto('/fr/admin/events')
  const eventHref = await page.locator('main a[href*="/admin/events/"]', { hasText: 'Floride' }).first().getAttribute('href')
  const eventId = /\/admin\/events\/([0-9a-f-]{36})/.exec(eventHref ?? '')?.[1]
  expect(eventId).toBeTruthy()
  await page.goto(`/fr/admin/events/${eventId}/attendees`)
  const registrationHref = await page.locator('main a[href*="/admin/registrations/"]').first().getAttribute('href')
  const registrationId = /\/admin\/registrations\/([0-9a-f-]{36})/.exec(registrationHref ?? '')?.[1]
  expect(registrationId).toBeTruthy()

  const paths = [
    '/admin',
    '/admin/events',
    '/admin/events/new',
    `/admin/events/${eventId}`,
    `/admin/events/${eventId}/programme`,
    `/admin/events/${eventId}/tickets`,
    `/admin/events/${eventId}/attendees`,
    `/admin/events/${eventId}/waitlist`,
    `/admin/events/${eventId}/checkin`,
    `/admin/events/${eventId}/messages`,
    `/admin/events/${eventId}/cancel`,
    `/admin/registrations/${registrationId}`,
    '/admin/attendees',
    '/admin/partners',
    '/admin/import',
    '/admin/users',
    '/admin/settings',
    '/admin/mail',
  ]
  for (const lang of ['en', 'fr'] as const) {
    for (const path of paths) {
      const url = `/${lang}${path}`
      const response = await page.goto(url)
      expect(response?.status(), url).toBe(200)
      await expect(page.locator('html'), url).toHaveAttribute('lang', lang)
      await expect(page.locator('main h1'), url).toHaveCount(1)
      const text = await page.locator('body').innerText()
      expect(text.match(RAW_KEY)?.[0] ?? null, `${url} shows a catalogue key`).toBeNull()
      expect(await unnamedControls(page), `${url} has controls without a name`).toEqual([])
      await expectAccessible(page)
    }
  }
  expect(errors).toEqual([])
})
