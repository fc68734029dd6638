import { expect, test, type Page } from '@playwright/test'
import { expectAccessible } from './page-checks'

/**
 * Signed attendance sheets end to end, on the seeded past mission: the organiser opens the
 * signatures page from check-in, sees who has not signed the workshop, opens the pad for that
 * delegate, is stopped when saving an empty box, draws a signature with the mouse, saves it,
 * and sees the delegate signed; then, for the afternoon visit, uploads a scanned paper sheet
 * covering one delegate, after a wrong file type is refused.
 */
async function signIn(page: Page) {
  await page.goto('/fr/sign-in')
  await page.getByLabel('Adresse e-mail').fill('organisatrice@ccem.example')
  await page.getByLabel('Mot de passe').fill('passerelle-demo')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'))
}

async function draw(page: Page, box: { x: number; y: number; width: number; height: number }) {
  await page.mouse.move(box.x + 20, box.y + box.height / 2)
  await page.mouse.down()
  for (let i = 1; i <= 24; i++) await page.mouse.move(box.x + 20 + i * 12, box.y + box.height / 2 + Math.round(30 * Math.sin(i / 2)), { steps: 2 })
  await page.mouse.up()
}

test('the organiser collects a delegate’s signature on the pad', async ({ page }) => {
  await signIn(page)
  await page.goto('/fr/admin/events')
  await page.getByRole('link', { name: /Mission Miami : agroalimentaire \(passée, émargement\)/ }).first().click()
  await page.waitForURL(/\/admin\/events\/[0-9a-f-]{36}/)
  const eventUrl = /^(.*\/admin\/events\/[0-9a-f-]{36})/.exec(page.url())![1]
  await page.goto(`${eventUrl}/checkin`)
  await page.getByRole('link', { name: 'Feuilles d’émargement signées (par séance)' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Émargement : Mission Miami/ })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: '2 signé(s) sur 3' })).toBeVisible()
  const row = page.getByRole('row', { name: /PÉRONNET Nadia/ })
  await expect(row).toContainText('Non signé')

  await row.getByRole('button', { name: 'Signer — Nadia Péronnet' }).click()
  const pad = page.getByRole('img', { name: /Cadre de signature/ })
  await expect(pad).toBeVisible()
  await expectAccessible(page)
  // Saving an empty box is refused in the page, nothing is sent.
  await page.getByRole('button', { name: 'Enregistrer la signature' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Le cadre est vide' })).toBeVisible()
  const box = (await pad.boundingBox())!
  await draw(page, box)
  // Clear and sign again, from the keyboard this time for the buttons.
  await page.getByRole('button', { name: 'Effacer' }).focus()
  await page.keyboard.press('Enter')
  await draw(page, box)
  await page.getByRole('button', { name: 'Enregistrer la signature' }).focus()
  await page.keyboard.press('Enter')

  await expect(page.getByRole('status').filter({ hasText: 'Nadia Péronnet a signé.' })).toBeVisible()
  await expect(page.getByRole('row', { name: /PÉRONNET Nadia/ })).toContainText('Signé sur la tablette à')
  await expect(page.getByRole('status').filter({ hasText: '3 signé(s) sur 3' })).toBeVisible()
  await expect(page.getByText('Tout le monde a signé pour cette séance.')).toBeVisible()
  await expectAccessible(page)

  // The afternoon visit: the paper sheet, scanned.
  await page.getByLabel('Séance').selectOption({ label: (await page.getByLabel('Séance').locator('option', { hasText: 'Visite de PortMiami' }).textContent())! })
  await page.getByRole('button', { name: 'Afficher' }).click()
  await expect(page.getByRole('status').filter({ hasText: '0 signé(s) sur 3' })).toBeVisible()
  const upload = page.getByRole('region', { name: 'Déposer une feuille numérisée' })
  await upload.getByLabel('Feuille numérisée').setInputFiles({ name: 'feuille.pdf', mimeType: 'application/pdf', buffer: Buffer.from('GIF89a, not a PDF') })
  await upload.getByLabel(/PÉRONNET Nadia/).check()
  await upload.getByRole('button', { name: 'Déposer la feuille' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'PDF, JPEG ou PNG' })).toBeVisible()
  await upload.getByLabel('Feuille numérisée').setInputFiles({ name: 'feuille.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% feuille signée\n%%EOF\n') })
  await upload.getByLabel(/PÉRONNET Nadia/).check()
  await upload.getByRole('button', { name: 'Déposer la feuille' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Feuille enregistrée : 1 délégué(s)' })).toBeVisible()
  await expect(page.getByRole('row', { name: /PÉRONNET Nadia/ })).toContainText('Signé sur la feuille numérisée')
  await expectAccessible(page)
})
