import { expect, test, type Page } from '@playwright/test'
import { expectAccessible } from './page-checks'

/** The demo anniversary: the next 15 March at least two weeks away (as the seed computes it). */
function anniversarySlug(now = new Date()) {
  const thisYear = new Date(Date.UTC(now.getUTCFullYear(), 2, 15, 22, 30))
  const year = thisYear.getTime() < now.getTime() + 14 * 86_400_000 ? now.getUTCFullYear() + 1 : now.getUTCFullYear()
  return `anniversaire-ccem-${year}`
}

// The first page of a cold dev server compiles and optimises its dependencies: allow for it.
test.describe.configure({ timeout: 180_000 })

const field = (page: Page, name: string) => page.locator(`[name="${name}"]`)

async function fillCompany(page: Page, company: { name: string; contactName: string; contactEmail: string; country?: string }) {
  await field(page, 'company.name').fill(company.name)
  await field(page, 'company.country').fill(company.country ?? 'MQ')
  await field(page, 'company.contactName').fill(company.contactName)
  await field(page, 'company.contactEmail').fill(company.contactEmail)
}

async function fillAttendee(page: Page, index: number, person: { first: string; last: string; email: string }) {
  await field(page, `attendees[${index}].firstName`).fill(person.first)
  await field(page, `attendees[${index}].lastName`).fill(person.last)
  await field(page, `attendees[${index}].email`).fill(person.email)
}

test('a Martinique company registers two delegates for the B2B meetup in French', async ({ page }) => {
  await page.goto('/fr/events/b2b-martinique-florida-buyers/register')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('S’inscrire')
  await expectAccessible(page)
  await page.getByLabel('Nombre de places : Invité').selectOption('2')
  await page.getByRole('button', { name: 'Continuer' }).click()

  // Submitting empty shows errors next to the fields, in French, and keeps nothing half-written.
  await fillCompany(page, { name: 'Distillerie du Test', contactName: 'Léa Martin', contactEmail: 'lea@distillerie-test.example' })
  await page.getByRole('button', { name: 'Envoyer l’inscription' }).click()
  await expect(page.getByRole('alert')).toContainText('corrigez les champs signalés')
  await expect(field(page, 'company.name')).toHaveValue('Distillerie du Test')
  await expect(page.locator('#f-attendees-0--firstName-error')).toHaveText('Ce champ est obligatoire.')
  await expect(field(page, 'attendees[0].firstName')).toHaveAttribute('aria-invalid', 'true')
  await expectAccessible(page)

  await fillAttendee(page, 0, { first: 'Léa', last: 'Martin', email: 'lea@distillerie-test.example' })
  await fillAttendee(page, 1, { first: 'Hugo', last: 'Bernard', email: 'hugo@distillerie-test.example' })
  await page.getByLabel('Produits ou services présentés').fill('Rhum agricole AOC')
  await page.getByLabel(/J’accepte que mes données/).check()
  await page.getByRole('button', { name: 'Envoyer l’inscription' }).click()

  await expect(page.getByRole('heading', { name: 'Inscription enregistrée' })).toBeVisible()
  await expect(page.getByTestId('status')).toHaveText('Confirmée')
  await expect(page.getByTestId('reference')).toHaveText(/^CCEM-[A-Z0-9]{8}$/)
  await expect(page.getByText('Léa Martin', { exact: true }).first()).toBeVisible()
  await expect(page.getByText('Hugo Bernard', { exact: true }).first()).toBeVisible()
  const link = page.getByTestId('management-link')
  const href = await link.getAttribute('href')
  expect(href).toMatch(/\/fr\/manage\/[A-Za-z0-9_-]{40,}$/)
  await expectAccessible(page)

  await link.click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Votre inscription')
  await expect(page.getByText('Conditions d’annulation')).toBeVisible()
  await expectAccessible(page)

  // Self-service: change a delegate's name, then cancel them (with a confirm step).
  await page.getByRole('link', { name: 'Modifier Hugo Bernard' }).click()
  await expect(field(page, 'firstName')).toBeVisible()
  await expectAccessible(page)
  await field(page, 'firstName').fill('Hugues')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByRole('status')).toHaveText('Modification enregistrée.')
  await expect(page.getByText('Hugues Bernard', { exact: true }).first()).toBeVisible()
  await page.getByRole('link', { name: 'Annuler la participation Hugues Bernard' }).click()
  await expect(page.getByRole('button', { name: 'Oui, annuler' })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Oui, annuler' }).click()
  await expect(page.getByRole('status')).toHaveText('Annulation enregistrée.')
  await expect(page.getByRole('link', { name: 'Annuler la participation Hugues Bernard' })).toHaveCount(0)

  // A wrong link is a clear 404.
  const wrong = await page.goto('/fr/manage/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaa')
  expect(wrong?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'Lien invalide ou expiré' })).toBeVisible()
  await expectAccessible(page)
})

test('an English-speaking partner registers for the anniversary with an invitation code', async ({ page }) => {
  await page.goto(`/en/events/${anniversarySlug()}/register`)
  await expect(page.getByLabel('Number of seats: Partner')).toHaveCount(0)
  await page.getByLabel('Invitation, discount or funding code').fill('PARTENAIRE')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByText('Code PARTENAIRE applied.')).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('Number of seats: Partner').selectOption('1')
  await page.getByRole('button', { name: 'Continue' }).click()

  await fillCompany(page, { name: 'Miami-Dade County', contactName: 'Alex Rivera', contactEmail: 'alex.rivera@miamidade.example', country: 'US' })
  await fillAttendee(page, 0, { first: 'Alex', last: 'Rivera', email: 'alex.rivera@miamidade.example' })
  await expectAccessible(page)
  await field(page, 'attendees[0].locale').selectOption('en')
  await page.getByLabel(/I agree that my data/).check()
  await page.getByRole('button', { name: 'Send registration' }).click()

  await expect(page.getByRole('heading', { name: 'Registration received' })).toBeVisible()
  await expect(page.getByTestId('status')).toHaveText('Confirmed')
  const link = page.getByTestId('management-link')
  expect(await link.getAttribute('href')).toMatch(/\/en\/manage\//)
  await expectAccessible(page)
  await link.click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Your registration')
  await expect(page.getByText('Alex Rivera', { exact: true }).first()).toBeVisible()
  await expectAccessible(page)
})

test('a tampered ticket id or a negative quantity is a 400, not a 500', async ({ page }) => {
  const tampered = await page.goto('/fr/events/b2b-martinique-florida-buyers/register?qty.00000000-0000-0000-0000-000000000000=1')
  expect(tampered?.status()).toBe(400)
  await expectAccessible(page)
  await page.goto('/fr/events/b2b-martinique-florida-buyers/register')
  const name = await page.getByLabel('Nombre de places : Invité').getAttribute('name')
  const negative = await page.goto(`/fr/events/b2b-martinique-florida-buyers/register?${name}=-1`)
  expect(negative?.status()).toBe(400)
})
