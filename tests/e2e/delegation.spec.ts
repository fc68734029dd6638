import { expect, test, type APIRequestContext } from '@playwright/test'
import { simpleParser } from 'mailparser'
import { expectAccessible } from './page-checks'
import { signIn } from './organiser'

/**
 * Delegation logistics end to end, on the seeded demo delegation to Miami: the organiser adds a
 * room to the hotel block and moves a delegate into it, downloads the rooming list; the company
 * opens its management link, sees the delegate's itinerary (flight and hotel) and its calendar
 * feed carries the flight and the new room.
 */
const COMPANY_CONTACT = 'bonjour@madinina-solaire.example'

type Listed = { id: string; to: string[] | string; template: string | null }

async function manageLinkOf(request: APIRequestContext, address: string) {
  let link: string | undefined
  await expect
    .poll(
      async () => {
        const { messages } = (await (await request.get('/dev/mail/messages.json')).json()) as { messages: Listed[] }
        for (const m of messages.filter((m) => String(m.to).includes(address))) {
          const mail = await simpleParser(await (await request.get(`/dev/mail/${m.id}.eml`)).text())
          link = /https?:\/\/[^\s"<>]+\/(?:fr|en)\/manage\/[A-Za-z0-9_-]+/.exec(String(mail.text))?.[0]
          if (link) return link
        }
        return undefined
      },
      { timeout: 60_000 },
    )
    .toBeTruthy()
  return link!
}

test('the organiser assigns a room, the company sees the itinerary and the calendar feed', async ({ page, request, browser }) => {
  test.setTimeout(180_000)
  await signIn(page)
  await page.goto('/fr/admin/delegations')
  await page.getByRole('link', { name: /Délégation d’entreprises martiniquaises à Miami/ }).click()
  await expect(page.getByRole('heading', { name: 'Délégués' })).toBeVisible()
  await expectAccessible(page)
  await expect(page.getByTestId('delegate-row')).toHaveCount(3)
  // Identity is masked in the list: no passport number in clear.
  await expect(page.getByText('20FA55667')).toHaveCount(0)

  const block = page.locator('article', { has: page.getByRole('heading', { name: 'Brickell Bay Hotel (démo)' }) })
  await block.getByLabel('Type de chambre').fill('Junior Suite')
  await block.locator('input[name="label"]').fill('E2E-201')
  await block.getByLabel('Places').fill('1')
  await block.getByRole('button', { name: 'Ajouter la chambre' }).click()
  await expect(block.getByTestId('room').filter({ hasText: 'E2E-201' })).toBeVisible()

  await block.locator('select[name="attendeeId"]').selectOption({ label: 'Rodrigue Celma — Madinina Solaire' })
  await block.locator('select[name="roomId"]').selectOption({ label: 'E2E-201 (Junior Suite)' })
  await block.getByRole('button', { name: 'Attribuer la chambre' }).click()
  await expect(block.getByTestId('room').filter({ hasText: 'E2E-201' })).toContainText('Rodrigue Celma')

  // A bad airport is refused on its field, nothing saved.
  await page.locator('#flight-fromAirport').fill('ZZZ')
  await page.locator('#flight-toAirport').fill('MIA')
  await page.locator('#flight-carrier').fill('Air Test')
  await page.locator('#flight-flightNumber').fill('TX100')
  await page.locator('#flight-departsLocal').fill('2027-03-09T10:00')
  await page.locator('#flight-arrivesLocal').fill('2027-03-09T12:00')
  await page.getByRole('button', { name: 'Ajouter le vol' }).click()
  await expect(page.getByText('Aéroport inconnu : saisissez un code IATA').first()).toBeVisible()

  const csv = await page.request.get(new URL((await block.getByRole('link', { name: 'Télécharger en CSV' }).getAttribute('href'))!, page.url()).toString())
  expect(csv.status()).toBe(200)
  expect(await csv.text()).toContain('E2E-201')

  // The company, from its management link (a separate browser: no organiser session).
  const manage = await manageLinkOf(request, COMPANY_CONTACT)
  const company = await browser.newContext()
  const companyPage = await company.newPage()
  await companyPage.goto(`${new URL(manage).pathname}`)
  await companyPage.getByRole('link', { name: 'Itinéraire' }).click()
  await expect(companyPage.getByRole('heading', { name: 'Mon itinéraire' })).toBeVisible()
  await expectAccessible(companyPage)
  const entries = companyPage.getByTestId('itinerary-entry')
  await expect(entries.filter({ hasText: 'Vol AA1236 FDF → MIA' })).toBeVisible()
  await expect(entries.filter({ hasText: 'Chambre E2E-201' })).toBeVisible()
  await expect(entries.filter({ hasText: 'Martinique' }).first()).toBeVisible()

  // The delegate enters a passport in the wrong shape: refused on the field; then a good one, shown back only as complete.
  const self = companyPage.getByTestId('itinerary').first().locator('details')
  await self.locator('summary').click()
  await self.getByLabel('Nom tel qu’il figure sur le passeport').fill('CELMA RODRIGUE')
  await self.getByLabel('Numéro de passeport').fill('123')
  await self.getByLabel('Date d’expiration du passeport').fill('2031-01-31')
  await self.getByLabel('Date de naissance').fill('1970-02-03')
  await self.getByRole('button', { name: 'Enregistrer l’identité' }).click()
  await expect(companyPage.getByText('Ce numéro ne correspond pas au format des passeports du pays émetteur.').first()).toBeVisible()
  const again = companyPage.getByTestId('itinerary').first().locator('details')
  await again.getByLabel('Nom tel qu’il figure sur le passeport').fill('CELMA RODRIGUE')
  await again.getByLabel('Numéro de passeport').fill('21FA99887')
  await again.getByLabel('Date d’expiration du passeport').fill('2031-01-31')
  await again.getByLabel('Date de naissance').fill('1970-02-03')
  await again.getByRole('button', { name: 'Enregistrer l’identité' }).click()
  await expect(companyPage.getByText('Identité de voyage enregistrée (chiffrée).')).toBeVisible()
  await expect(companyPage.getByText('21FA99887')).toHaveCount(0)

  const feedUrl = await companyPage.getByTestId('feed-link').getAttribute('data-feed-url')
  const feed = await request.get(new URL(feedUrl!).pathname)
  expect(feed.status()).toBe(200)
  expect(feed.headers()['content-type']).toContain('text/calendar')
  const ics = await feed.text()
  expect(ics).toContain('AA1236')
  expect(ics).toContain('E2E-201')
  expect(ics).toContain('BEGIN:VTIMEZONE')
  await company.close()
})
