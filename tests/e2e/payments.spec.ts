import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { expectAccessible } from './page-checks'

/**
 * Card payment on the labelled test checkout (no Stripe keys in the e2e server), end to end:
 * the same webhook code runs as with Stripe. The delegation is by application (approval first),
 * so these journeys use the B2B meetup's paid "Délégué" ticket type (150 $US).
 */
// The first journey compiles several pages in the dev server on a shared 2-core machine.
test.describe.configure({ timeout: 180_000 })

const field = (page: Page, name: string) => page.locator(`[name="${name}"]`)

async function registerDelegates(page: Page, company: string, people: { first: string; last: string; email: string }[], method = 'Carte bancaire (paiement en ligne)') {
  await page.goto('/fr/events/b2b-martinique-florida-buyers/register')
  await expectAccessible(page)
  await page.getByLabel('Nombre de places : Délégué').selectOption(String(people.length))
  await page.getByRole('button', { name: 'Continuer' }).click()
  await field(page, 'company.name').fill(company)
  await field(page, 'company.country').fill('MQ')
  await field(page, 'company.contactName').fill(`${people[0].first} ${people[0].last}`)
  await field(page, 'company.contactEmail').fill(people[0].email)
  for (const [i, p] of people.entries()) {
    await field(page, `attendees[${i}].firstName`).fill(p.first)
    await field(page, `attendees[${i}].lastName`).fill(p.last)
    await field(page, `attendees[${i}].email`).fill(p.email)
  }
  await page.getByLabel('Produits ou services présentés').fill('Rhum agricole AOC')
  await page.getByLabel(method).check()
  await page.getByLabel(/J’accepte que mes données/).check()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Envoyer l’inscription' }).click()
}

/** "Carte bancaire" was chosen in the form: "Envoyer l’inscription" leads straight to the checkout, no second choice. */
async function openTestCheckout(page: Page, total: string) {
  await expect(page).toHaveURL(/\/test-checkout\/cs_test_/)
  await expect(page.getByRole('note')).toContainText('Page de paiement de TEST')
  await expect(page.getByTestId('test-checkout-total')).toHaveText(total)
  await expectAccessible(page)
}

test('a company pays two delegates by card on the test checkout, sees the confirmation and downloads the invoice', async ({ page }) => {
  await registerDelegates(page, 'Rhumerie du Paiement', [
    { first: 'Léa', last: 'Martin', email: 'lea@rhumerie-paiement.example' },
    { first: 'Hugo', last: 'Bernard', email: 'hugo@rhumerie-paiement.example' },
  ])
  await openTestCheckout(page, '300,00\u00a0$US')
  await expect(page.getByText('2 × Délégué')).toBeVisible()
  await page.getByRole('button', { name: 'Payer (test)' }).click()

  await expect(page).toHaveURL(/\/fr\/payment\/success\?/)
  await expect(page.getByRole('heading', { name: 'Merci, paiement reçu' })).toBeVisible()
  await expect(page.getByRole('status')).toContainText('est confirmée')
  await expectAccessible(page)

  const link = page.getByRole('link', { name: /Télécharger la facture CCEM-\d{4}-\d{5} \(PDF\)/ })
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  expect(download.suggestedFilename()).toMatch(/^CCEM-\d{4}-\d{5}\.pdf$/)
  const pdf = await readFile((await download.path()) as string)
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')

  await page.getByRole('link', { name: 'Voir mon inscription' }).click()
  await expect(page.getByTestId('status')).toHaveText('Confirmée')
  await expectAccessible(page)
})

test('a failed payment leaves the seats held until the hold expires, and the company can try again', async ({ page }) => {
  await registerDelegates(page, 'Cosmétiques de l’Échec', [{ first: 'Inès', last: 'Louis', email: 'ines@cosmetiques-echec.example' }])
  await openTestCheckout(page, '150,00\u00a0$US')
  await page.getByRole('button', { name: 'Échec (test)' }).click()

  await expect(page).toHaveURL(/\/fr\/payment\/cancel\?.*failed=1/)
  await expect(page.getByRole('heading', { name: 'Paiement non effectué' })).toBeVisible()
  await expect(page.getByRole('status')).toContainText('Le paiement a échoué')
  await expect(page.getByRole('status')).toContainText('Vos places restent réservées jusqu’au')
  await expectAccessible(page)

  await page.getByRole('link', { name: 'Réessayer le paiement' }).click()
  await expect(page.getByRole('heading', { name: 'Régler votre inscription' })).toBeVisible()
  await expect(page.getByText(/Vos places sont réservées jusqu’au/)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Payer par carte' })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Retour à mon inscription' }).click()
  await expect(page.getByTestId('status')).toHaveText('En attente de paiement')
  await expectAccessible(page)
})

test('a company that chose the invoice lands on it, with its bank details and its management link', async ({ page }) => {
  await registerDelegates(page, 'Épices du Virement', [{ first: 'Noé', last: 'Jean-Louis', email: 'noe@epices-virement.example' }], 'Facture / virement')
  await expect(page).toHaveURL(/\/fr\/manage\/[\w-]+\/pay\?welcome=1$/)
  await expect(page.getByText('Inscription enregistrée')).toBeVisible()
  await expect(page.getByTestId('pay-total')).toHaveText('150,00\u00a0$US')
  await expect(page.getByRole('heading', { name: 'Virement bancaire' })).toBeVisible()
  await expectAccessible(page)
  await page.getByTestId('management-link').click()
  // This event confirms a registration paid by invoice at once: the management page says so.
  await expect(page.getByTestId('status')).toHaveText('Confirmée')
  await expectAccessible(page)
})

test('the webhook refuses an unsigned event', async ({ request }) => {
  const response = await request.post('/webhooks/stripe', { data: { id: 'evt_forged', type: 'checkout.session.completed', data: { object: {} } } })
  expect(response.status()).toBe(400)
})
