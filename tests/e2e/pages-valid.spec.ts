import { expect, test, type Page } from '@playwright/test'
import { expectAccessible, htmlValidateErrors, nuCheckerErrors } from './page-checks'
import { signIn } from './organiser'

/**
 * The main public and back-office pages, as served (the streamed document, not the DOM after
 * hydration), are valid HTML for html-validate and for the Nu HTML checker, and axe finds
 * nothing serious or critical on them once rendered.
 */
test.describe.configure({ timeout: 600_000 })

async function collect(page: Page, paths: string[], into: { url: string; html: string }[]) {
  for (const path of paths) {
    const response = await page.goto(path)
    expect(response?.status(), path).toBe(200)
    // The document as the server sent it (with the streamed data scripts), read in the same session.
    const served = await page.request.get(path, { headers: { accept: 'text/html' } })
    expect(served.status(), path).toBe(200)
    into.push({ url: path, html: await served.text() })
    await expectAccessible(page)
  }
}

test('the main public and back-office pages are valid HTML and pass axe', async ({ page }) => {
  const documents: { url: string; html: string }[] = []

  await page.goto('/en/events')
  const eventHref = await page.locator('main a[href*="/events/"]').first().getAttribute('href')
  expect(eventHref).toBeTruthy()
  const publicPaths = ['/en', '/fr', '/en/events', eventHref!, `${eventHref!}/register`, '/en/about', '/en/sign-in', '/fr/password-reset']
  await collect(page, publicPaths, documents)

  await signIn(page)
  await page.goto('/en/admin/events')
  const adminHref = await page.locator('main a[href*="/admin/events/"]', { hasText: 'Florida' }).first().getAttribute('href')
  const eventId = /\/admin\/events\/([0-9a-f-]{36})/.exec(adminHref ?? '')?.[1]
  expect(eventId).toBeTruthy()
  const adminPaths = [
    '/en/admin',
    '/en/admin/events',
    '/en/admin/events/new',
    `/en/admin/events/${eventId}`,
    `/en/admin/events/${eventId}/programme`,
    `/en/admin/events/${eventId}/tickets`,
    `/en/admin/events/${eventId}/attendees`,
    `/en/admin/events/${eventId}/waitlist`,
    `/en/admin/events/${eventId}/checkin`,
    `/en/admin/events/${eventId}/messages`,
    `/en/admin/events/${eventId}/cancel`,
    '/fr/admin/attendees',
    '/en/admin/partners',
    '/en/admin/users',
    '/en/admin/settings',
  ]
  await collect(page, adminPaths, documents)

  const htmlValidate = (await Promise.all(documents.map((d) => htmlValidateErrors(d.url, d.html)))).flat()
  expect(htmlValidate, 'html-validate').toEqual([])
  expect(await nuCheckerErrors(documents), 'Nu HTML checker').toEqual([])
})
