import crypto from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import postgres from 'postgres'
import { E2E_DATABASE_URL_FILE } from './teardown'
import { hashPassword } from '../../app/modules/auth/password.server'

/**
 * The organiser's journey in the back office. No public registration page is on main yet, so
 * "a company registers" is a direct insert into the app's test database (found by the event
 * this test created); everything else goes through the real pages in Chromium.
 */
const SLUG = `b2b-e2e-${crypto.randomBytes(3).toString('hex')}`

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/fr/sign-in')
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByLabel('Mot de passe').fill(password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'))
}

/** The app's database (its URL written by tests/e2e/serve.ts): holds the event this test created. */
async function appDatabase() {
  const db = postgres(readFileSync(E2E_DATABASE_URL_FILE, 'utf8').trim(), { max: 1, onnotice: () => {} })
  const found = await db`select id from event where slug = ${SLUG}`
  if (found.length === 0) {
    await db.end()
    throw new Error('app database not found')
  }
  return { db, eventId: found[0].id as string }
}

test('an organiser creates a bilingual B2B meetup, publishes it, checks an attendee in and exports; check-in staff cannot edit', async ({ page, browser }) => {
  // Dev mode compiles each back-office page on first visit: a long journey on a shared 2-core machine.
  test.setTimeout(300_000)
  await signIn(page, 'organisatrice@ccem.example', 'passerelle-demo')

  // Create the event, French and English side by side.
  await page.goto('/fr/admin/events/new')
  await page.getByLabel("Type d’événement").selectOption('b2b_meetup')
  await page.getByLabel('Adresse (slug)').fill(SLUG)
  await page.getByLabel('Titre — Français').fill('Rencontres acheteurs de Floride')
  await page.getByLabel('Titre — English').fill('Florida buyers meetup')
  await page.getByLabel('Résumé — Français').fill('Des rendez-vous B2B avec des acheteurs.')
  await page.getByLabel('Résumé — English').fill('B2B meetings with buyers.')
  await page.getByLabel('Description — Français').fill('Une journée de rendez-vous.')
  await page.getByLabel('Description — English').fill('A day of meetings.')
  await page.getByLabel('Début (heure locale du lieu)').fill('2027-03-10T09:00')
  await page.getByLabel('Fin (heure locale du lieu)').fill('2027-03-10T17:00')
  await page.getByLabel('Lieu', { exact: true }).fill('Hyatt Regency')
  await page.getByLabel('Adresse', { exact: true }).fill('400 SE 2nd Ave')
  await page.getByLabel('Ville').fill('Miami')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByText('Événement créé (brouillon).')).toBeVisible()
  const eventUrl = new URL(page.url()).pathname

  // Two ticket types.
  await page.getByRole('link', { name: 'Billets et capacité' }).click()
  await page.waitForURL(/\/tickets$/)
  for (const [fr, en, price] of [
    ['Délégué', 'Delegate', '150'],
    ['Exposant', 'Exhibitor', '450'],
  ]) {
    await page.locator('#type-nameFr').fill(fr)
    await page.locator('#type-nameEn').fill(en)
    await page.locator('#type-price').fill(price)
    await page.getByRole('button', { name: 'Ajouter' }).first().click()
    await expect(page.getByText(`${fr} · `)).toBeVisible()
  }

  // A programme item.
  await page.getByRole('link', { name: 'Programme' }).click()
  await page.waitForURL(/\/programme$/)
  await page.getByLabel('Type', { exact: true }).selectOption('b2b_session')
  await page.getByLabel('Début', { exact: true }).fill('10:00')
  await page.getByLabel('Fin', { exact: true }).fill('12:00')
  await page.getByLabel('Titre — Français').fill('Rendez-vous acheteurs')
  await page.getByLabel('Titre — English').fill('Buyer meetings')
  await page.getByRole('button', { name: 'Ajouter' }).click()
  await expect(page.getByText('10:00–12:00 · Rendez-vous acheteurs')).toBeVisible()

  // Publish.
  await page.goto(eventUrl)
  await page.getByRole('button', { name: 'Publier' }).click()
  await expect(page.getByText('Événement publié.')).toBeVisible()

  // A company registers (direct insert, see above).
  const { db, eventId } = await appDatabase()
  try {
    const [type] = await db`select id from ticket_type where event_id = ${eventId} order by position limit 1`
    const [org] = await db`select organisation_id from event where id = ${eventId}`
    const [company] = await db`insert into company (organisation_id, name, contact_email) values (${org.organisation_id}, 'Distillerie E2E', ${`${SLUG}@example.test`}) returning id`
    const [reg] = await db`insert into registration (event_id, company_id, reference, status, contact_name, contact_email, currency, total_minor, paid_minor, privacy_accepted_at, listing_consent, confirmed_at)
      values (${eventId}, ${company.id}, ${`E2E-${SLUG}`}, 'confirmed', 'Marie Joseph', ${`${SLUG}@example.test`}, 'USD', 15000, 15000, now(), true, now()) returning id`
    await db`insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, calendar_uid, check_in_secret)
      values (${reg.id}, ${eventId}, ${type.id}, 'Marie', 'Joseph', ${`marie.${SLUG}@example.test`}, ${`${SLUG}@e2e`}, ${crypto.randomBytes(16).toString('hex')})`

    // Check the attendee in by search.
    await page.goto(`${eventUrl}/checkin`)
    await page.getByLabel('Nom du participant').fill('jos')
    await page.getByRole('button', { name: 'Rechercher' }).click()
    await page.waitForURL(/checkin\?q=jos/)
    await page.locator('button', { hasText: 'Marie Joseph' }).click()
    await expect(page.getByRole('alert')).toContainText('Marie Joseph est accueilli·e.')
    await expect(page.getByText('1 accueillis sur 1')).toBeVisible()

    // Export the list.
    await page.goto(`${eventUrl}/attendees`)
    await expect(page.getByRole('cell', { name: 'Distillerie E2E' })).toBeVisible()
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: 'CSV' }).click()
    const file = await download
    const stream = await file.createReadStream()
    let csv = ''
    for await (const chunk of stream) csv += chunk
    expect(csv).toContain('Distillerie E2E,Joseph,Marie')
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2)

    // Check-in staff: invited by the admin, then refused on settings and event editing.
    await page.goto('/fr/admin/users')
    await page.locator('#inv-name').fill('Accueil E2E')
    await page.locator('#inv-email').fill(`accueil-${SLUG}@example.test`)
    await page.locator('#inv-roles-check_in').check()
    await page.getByRole('button', { name: 'Inviter une personne' }).click()
    await expect(page.getByText('Compte créé.')).toBeVisible()
    // The set-password mail is not wired yet: give the account a password directly.
    await db`update user_account set password_hash = ${await hashPassword('accueil-e2e-pass')} where lower(email) = ${`accueil-${SLUG}@example.test`}`
  } finally {
    await db.end()
  }
  const staff = await browser.newPage()
  await signIn(staff, `accueil-${SLUG}@example.test`, 'accueil-e2e-pass')
  for (const path of ['/fr/admin/settings', eventUrl, '/fr/admin/users']) {
    const response = await staff.goto(path)
    expect(response?.status(), path).toBe(403)
    await expect(staff.getByRole('heading', { name: 'Accès refusé' })).toBeVisible()
  }
  const checkin = await staff.goto(`${eventUrl}/checkin`)
  expect(checkin?.status()).toBe(200)
  await staff.close()
})
