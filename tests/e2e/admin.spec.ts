import crypto from 'node:crypto'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { simpleParser } from 'mailparser'
import { expectAccessible } from './page-checks'

/**
 * The organiser's whole journey in the back office, every step through the real pages in
 * Chromium: create and publish an event that needs approval, a company applies on the public
 * page, the organiser approves, checks the delegate in and exports; a check-in staff member is
 * invited by email, chooses a password from the mailed link and cannot open settings.
 */
const SLUG = `b2b-e2e-${crypto.randomBytes(3).toString('hex')}`

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/fr/sign-in')
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByLabel('Mot de passe').fill(password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'))
}

/** Waits for a mail to this address in the built-in dev mailbox (sent by a background job) and parses it. */
async function mailTo(request: APIRequestContext, address: string, template: string) {
  let id: string | undefined
  await expect
    .poll(
      async () => {
        const { messages } = (await (await request.get('/dev/mail/messages.json')).json()) as { messages: { id: string; to: string[] | string; template: string | null }[] }
        id = messages.find((m) => String(m.to).includes(address) && m.template === template)?.id
        return id
      },
      { timeout: 30_000 },
    )
    .toBeTruthy()
  const raw = await (await request.get(`/dev/mail/${id}.eml`)).text()
  return simpleParser(raw)
}

test('an organiser creates a bilingual B2B meetup, publishes it, approves a company’s application, checks the delegate in and exports; invited check-in staff cannot edit', async ({ page, browser }) => {
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
  await page.getByLabel('Candidatures soumises à approbation').check()
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByText('Événement créé (brouillon).')).toBeVisible()
  await expectAccessible(page)
  const eventUrl = new URL(page.url()).pathname

  // Two ticket types.
  await page.getByRole('link', { name: 'Billets et capacité' }).click()
  await page.waitForURL(/\/tickets$/)
  for (const [fr, en, price] of [
    ['Délégué', 'Delegate', '0'],
    ['Acheteur', 'Buyer', '0'],
  ]) {
    await page.locator('#type-nameFr').fill(fr)
    await page.locator('#type-nameEn').fill(en)
    await page.locator('#type-price').fill(price)
    await page.getByRole('button', { name: 'Ajouter' }).first().click()
    await expect(page.getByText(`${fr} · `)).toBeVisible()
  }
  await expectAccessible(page)

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
  await expectAccessible(page)

  // Publish.
  await page.goto(eventUrl)
  await page.getByRole('button', { name: 'Publier' }).click()
  await expect(page.getByText('Événement publié.')).toBeVisible()
  await expectAccessible(page)

  // A company applies on the public page, in its own browser session.
  // A context of its own (axe runs only in pages of a context the test created).
  const companyContext = await browser.newContext()
  const company = await companyContext.newPage()
  await company.goto(`/fr/events/${SLUG}/register`)
  await company.getByLabel('Nombre de places : Délégué').selectOption('1')
  await company.getByRole('button', { name: 'Continuer' }).click()
  await company.locator('[name="company.name"]').fill('Distillerie E2E')
  await company.locator('[name="company.country"]').fill('MQ')
  await company.locator('[name="company.contactName"]').fill('Marie Joseph')
  await company.locator('[name="company.contactEmail"]').fill(`${SLUG}@example.test`)
  await company.locator('[name="attendees[0].firstName"]').fill('Marie')
  await company.locator('[name="attendees[0].lastName"]').fill('Joseph')
  await company.locator('[name="attendees[0].email"]').fill(`marie.${SLUG}@example.test`)
  await company.getByLabel(/J’accepte que mes données/).check()
  await company.getByRole('button', { name: /Envoyer/ }).click()
  await expect(company.getByTestId('status')).toHaveText('Candidature en cours d’examen')
  await expectAccessible(company)
  await companyContext.close()

  // The organiser finds the application in the list and approves it.
  await page.goto(`${eventUrl}/attendees?approval=pending`)
  await page.getByRole('link', { name: 'JOSEPH Marie' }).click()
  await page.getByRole('button', { name: 'Approuver la candidature' }).click()
  await expect(page.getByText('Candidature approuvée.')).toBeVisible()
  // … and moves the delegate to the other ticket type.
  await page.getByLabel('Nouveau type de billet').selectOption({ label: 'Acheteur · 0,00 $US' })
  await page.getByRole('button', { name: 'Déplacer' }).click()
  await expect(page.getByText('Participant déplacé ; il reçoit une confirmation à jour.')).toBeVisible()
  await expectAccessible(page)

  // A session moves: the organiser is told who will be updated before it is saved.
  await page.goto(`${eventUrl}/programme`)
  await page.getByRole('link', { name: 'Modifier : Rendez-vous acheteurs' }).click()
  await page.locator('#edit-startTime').fill('10:30')
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  await expect(page.getByRole('alertdialog')).toContainText('Confirmer le changement d’horaire ou de lieu')
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Confirmer et enregistrer' }).click()
  await expect(page.getByText('10:30–12:00 · Rendez-vous acheteurs')).toBeVisible()

  // Check the delegate in by search.
  await page.goto(`${eventUrl}/checkin`)
  await page.getByLabel('Nom du participant').fill('jos')
  await page.getByRole('button', { name: 'Rechercher' }).click()
  await page.waitForURL(/checkin\?q=jos/)
  await page.locator('button', { hasText: 'Marie Joseph' }).click()
  await expect(page.getByRole('alert')).toContainText('Marie Joseph est accueilli·e.')
  await expect(page.getByText('1 accueillis sur 1')).toBeVisible()
  await expectAccessible(page)

  // Export the list.
  await page.goto(`${eventUrl}/attendees`)
  await expect(page.getByRole('cell', { name: 'Distillerie E2E' })).toBeVisible()
  const download = page.waitForEvent('download')
  await page.getByRole('link', { name: 'CSV', exact: true }).click()
  const file = await download
  const stream = await file.createReadStream()
  let csv = ''
  for await (const chunk of stream) csv += chunk
  expect(csv).toContain('Distillerie E2E,Joseph,Marie')
  expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2)

  // A bilingual message to the selection: preview, send, watch the progress, the mail lands.
  await page.getByLabel('Sélectionner Marie Joseph').check()
  await page.getByRole('button', { name: 'Écrire un message…' }).click()
  await page.getByLabel('Objet (français)').fill('Parking à l’hôtel')
  await page.getByLabel('Objet (anglais)').fill('Hotel parking')
  await page.getByLabel('Message (français)').fill('Le parking est offert aux délégués.')
  await page.getByLabel('Message (anglais)').fill('Parking is free for delegates.')
  await page.getByRole('button', { name: 'Prévisualiser' }).click()
  await expect(page.getByRole('heading', { name: 'Aperçu avant envoi' })).toBeVisible()
  await expectAccessible(page, { frames: false })
  await page.getByRole('button', { name: /Envoyer à 1 destinataire/ }).click()
  await expect(page.getByRole('heading', { name: 'Message « Parking à l’hôtel »' })).toBeVisible()
  await expect(page.getByText('1 envoyé(s), 0 en échec, sur 1')).toBeVisible({ timeout: 30_000 })
  await expectAccessible(page)
  const message = await mailTo(page.request, `marie.${SLUG}@example.test`, 'organiser-message')
  expect(message.subject).toContain('Parking à l’hôtel')
  expect(message.text).toContain('Le parking est offert aux délégués.')

  // The waiting list has its own tab.
  await page.goto(`${eventUrl}/waitlist`)
  await expect(page.getByText('0 en attente, 0 avec une offre de place en cours.')).toBeVisible()
  await expectAccessible(page)

  // Check-in staff: invited by the admin; the invitation mail's link sets their password.
  const staffEmail = `accueil-${SLUG}@example.test`
  await page.goto('/fr/admin/users')
  await page.locator('#inv-name').fill('Accueil E2E')
  await page.locator('#inv-email').fill(staffEmail)
  await page.locator('#inv-roles-check_in').check()
  await page.getByRole('button', { name: 'Inviter une personne' }).click()
  await expect(page.getByText(/Compte créé/)).toBeVisible()
  await expectAccessible(page)
  const invitation = await mailTo(page.request, staffEmail, 'user-invitation')
  const link = /https?:\/\/[^\s]+\/fr\/password\/[A-Za-z0-9_-]+/.exec(invitation.text ?? '')?.[0]
  expect(link).toBeTruthy()
  // A context of its own (axe runs only in pages of a context the test created).
  const staffContext = await browser.newContext()
  const staff = await staffContext.newPage()
  await staff.goto(new URL(link!).pathname)
  await expectAccessible(staff)
  await staff.getByLabel('Nouveau mot de passe').fill('accueil e2e phrase')
  await staff.getByLabel('Confirmer le mot de passe').fill('accueil e2e phrase')
  await staff.getByRole('button', { name: 'Enregistrer le mot de passe' }).click()
  await expect(staff.getByText('Votre mot de passe est enregistré.')).toBeVisible()
  await signIn(staff, staffEmail, 'accueil e2e phrase')
  for (const path of ['/fr/admin/settings', eventUrl, '/fr/admin/users']) {
    const response = await staff.goto(path)
    expect(response?.status(), path).toBe(403)
    await expect(staff.getByRole('heading', { name: 'Accès refusé' })).toBeVisible()
    await expectAccessible(staff)
  }
  const checkin = await staff.goto(`${eventUrl}/checkin`)
  expect(checkin?.status()).toBe(200)
  await staffContext.close()
})
