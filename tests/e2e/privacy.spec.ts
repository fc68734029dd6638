import { expect, test } from '@playwright/test'
import { expectAccessible } from './page-checks'
import { signIn } from './organiser'

/**
 * Issue 16 in Chromium: a person asks for erasure from the public page and confirms it from the
 * mailed link; an organiser previews an erasure (what is erased, pseudonymised, kept), runs it,
 * and sees the request completed and the export log.
 */
test('a person asks for erasure and confirms it from the mailed one-use link', async ({ page, request }) => {
  await page.goto('/en/privacy')
  await expect(page).toHaveTitle(/Your personal data/)
  await page.getByLabel('Your email address').fill('olivier@rhums-du-carbet.example')
  await page.getByLabel('Erase my data').check()
  await page.getByRole('button', { name: 'Send the request' }).click()
  await expect(page.getByRole('status')).toContainText('confirmation link')

  let link: string | undefined
  await expect
    .poll(
      async () => {
        const { messages } = (await (await request.get('/dev/mail/messages.json')).json()) as { messages: { id: string; to: string; template: string | null }[] }
        const mail = messages.find((m) => String(m.to).includes('olivier@rhums-du-carbet.example') && m.template === 'privacy-confirm')
        if (!mail) return undefined
        const html = (await (await request.get(`/dev/mail/view/${mail.id}`)).text()).replace(/=\r?\n/g, '')
        link = html.match(/\/en\/privacy\/confirm\/[A-Za-z0-9_-]{20,100}/)?.[0]
        return link
      },
      { timeout: 60_000 },
    )
    .toBeTruthy()
  await page.goto(link!)
  await page.getByRole('button', { name: 'Confirm my request' }).click()
  await expect(page.getByRole('status')).toContainText('request is confirmed')
  // The link works once.
  await page.goto(link!)
  await expect(page.getByRole('alert')).toContainText('invalid, already used or expired')
})

test('an organiser previews an erasure, runs it, and sees it completed; the export log is visible', async ({ page }) => {
  await signIn(page)
  await page.getByRole('link', { name: 'Données personnelles' }).click()
  await page.waitForURL(/\/admin\/privacy$/)
  await expect(page.getByRole('heading', { name: 'Registre des exports' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Inventaire des données personnelles' })).toBeVisible()
  await expectAccessible(page)

  await page.getByLabel('Adresse e-mail de la personne').fill('daniel@fl-caribbean-imports.example')
  await page.getByRole('button', { name: 'Aperçu de l’effacement' }).click()
  const preview = page.getByRole('region', { name: /Aperçu/ })
  await expect(preview.getByRole('cell', { name: 'attendee' }).first()).toBeVisible()
  await expect(preview.getByText('Pseudonymisé').first()).toBeVisible()

  await page.getByLabel('Je confirme l’effacement (irréversible)').check()
  await page.getByRole('button', { name: 'Effacer' }).click()
  await expect(page.getByRole('status')).toContainText('Effacement lancé')
  await expect
    .poll(
      async () => {
        await page.reload()
        return page.getByRole('row', { name: /Effacement/ }).filter({ hasText: 'Terminée' }).count()
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0)
})
