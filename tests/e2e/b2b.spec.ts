import { expect, test, type APIRequestContext } from '@playwright/test'
import { simpleParser } from 'mailparser'
import { expectAccessible } from './page-checks'
import { signIn } from './organiser'

/**
 * B2B matchmaking end to end, on the seeded demo meetup: a Martinique seller asks a Florida
 * buyer for a meeting from the marketplace, the buyer accepts from the mailed one-click link, the
 * organiser schedules and publishes, both companies see the meeting in their agenda, and the
 * calendar invitation reaches the mailbox.
 */
const SELLER_DELEGATE = 'max@confitures-sainte-luce.example'
const BUYER_CONTACT = 'procurement@brickell-hotels.example'

type Listed = { id: string; to: string[] | string; template: string | null }

async function mailTo(request: APIRequestContext, address: string | RegExp, template: string, skip: string[] = []) {
  let id: string | undefined
  await expect
    .poll(
      async () => {
        const { messages } = (await (await request.get('/dev/mail/messages.json')).json()) as { messages: Listed[] }
        id = messages.find((m) => (typeof address === 'string' ? String(m.to).includes(address) : address.test(String(m.to))) && m.template === template && !skip.includes(m.id))?.id
        return id
      },
      { timeout: 60_000 },
    )
    .toBeTruthy()
  const raw = await (await request.get(`/dev/mail/${id}.eml`)).text()
  return { id: id!, mail: await simpleParser(raw) }
}

async function messageIds(request: APIRequestContext) {
  const { messages } = (await (await request.get('/dev/mail/messages.json')).json()) as { messages: Listed[] }
  return messages.map((m) => m.id)
}

const manageLink = (text: string) => /https?:\/\/[^\s"<>]+\/(?:fr|en)\/manage\/[A-Za-z0-9_-]+/.exec(text)?.[0]

test('a seller and a buyer go from a request to a published, calendared meeting', async ({ page, request, browser }) => {
  test.setTimeout(300_000)
  // The seller's delegate got a confirmation with the private management link.
  const confirmation = await mailTo(request, SELLER_DELEGATE, 'registration-confirmed')
  const sellerManage = manageLink(String(confirmation.mail.text))
  expect(sellerManage).toBeTruthy()

  // Marketplace: filter on buyers, find the hotel group, ask for a meeting.
  await page.goto(`${new URL(sellerManage!).pathname}/b2b/marketplace?role=buyer`)
  const card = page.locator('li', { has: page.getByRole('heading', { name: /Brickell Hotels Group/ }) })
  await expect(card).toBeVisible()
  await expectAccessible(page)
  await card.getByLabel('Message (facultatif)').fill('Des confitures pour vos petits-déjeuners, version sans sucre ?')
  // The seed's own requests and schedule have mailed these companies already: only newer mails count.
  const beforeRequest = await messageIds(request)
  await card.getByRole('button', { name: 'Demander un rendez-vous' }).click()
  await expect(page.getByText('Demande envoyée.')).toBeVisible()
  await expectAccessible(page)

  // The buyer's contact gets the request in English; the link only asks, the button answers.
  const asked = await mailTo(request, BUYER_CONTACT, 'b2b-request', beforeRequest)
  expect(asked.mail.subject).toBe('Meeting request from Confitures de Sainte-Luce')
  const answerUrl = /https?:\/\/[^\s"<>]+\/en\/b2b\/answer\/[A-Za-z0-9_.-]+\?decision=accepted/.exec(String(asked.mail.text))?.[0]
  expect(answerUrl).toBeTruthy()
  const buyerManage = manageLink(String(asked.mail.text))
  expect(buyerManage).toBeTruthy()
  const buyerContext = await browser.newContext()
  const buyer = await buyerContext.newPage()
  await buyer.goto(new URL(answerUrl!).pathname + new URL(answerUrl!).search)
  await expect(buyer.getByText('Confitures de Sainte-Luce would like to meet you.', { exact: false })).toBeVisible()
  await expectAccessible(buyer)
  await buyer.getByRole('button', { name: 'Accept the request' }).click()
  await expect(buyer.getByText('You accepted the request.')).toBeVisible()
  await expectAccessible(buyer)

  // The organiser schedules everything (a draft), then publishes.
  await signIn(page)
  await page.goto('/fr/admin/events')
  const eventHref = await page.locator('main a[href*="/admin/events/"]', { hasText: 'Floride' }).first().getAttribute('href')
  await page.goto(`${eventHref}/b2b`)
  await expect(page.getByTestId('b2b-counts')).toContainText('acceptées')
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Planifier tout (brouillon)' }).click()
  await expect(page.getByText(/Planning provisoire : \d+ rendez-vous placés/)).toBeVisible()
  const draft = page.getByTestId('b2b-meeting').filter({ hasText: 'Brickell Hotels Group' }).filter({ hasText: 'Confitures de Sainte-Luce' })
  await expect(draft).toContainText('Provisoire')
  const beforePublish = await messageIds(request)
  await page.getByRole('button', { name: 'Publier le planning' }).click()
  await expect(page.getByText(/\d+ rendez-vous publiés/)).toBeVisible()
  await expect(draft).toContainText('Publié')
  await expectAccessible(page)

  // Both agendas show it, in Miami time with Martinique's beside it.
  await page.goto(`${new URL(sellerManage!).pathname}/b2b/agenda`)
  const sellerMeeting = page.getByTestId('agenda-meeting').filter({ hasText: 'Brickell Hotels Group' })
  await expect(sellerMeeting).toBeVisible()
  await expect(sellerMeeting).toContainText('heure de Martinique')
  await expectAccessible(page)
  await buyer.goto(`${new URL(buyerManage!).pathname}/b2b/agenda`)
  await expect(buyer.getByTestId('agenda-meeting').filter({ hasText: 'Confitures de Sainte-Luce' })).toBeVisible()
  await expectAccessible(buyer)

  // The invitation reaches the seller's delegate: a REQUEST with the table as LOCATION and both delegates.
  const invitation = await mailTo(request, SELLER_DELEGATE, 'b2b-meeting', beforePublish)
  expect(invitation.mail.subject).toContain('Brickell Hotels Group')
  const ics = await (async () => {
    const { messages } = (await (await request.get('/dev/mail/messages.json')).json()) as { messages: Listed[] }
    expect(messages.some((m) => m.id === invitation.id)).toBe(true)
    // quoted-printable soft breaks, then iCalendar line folding
    const raw = (await (await request.get(`/dev/mail/${invitation.id}.eml`)).text()).replace(/=\r?\n/g, '')
    return raw.slice(raw.indexOf('BEGIN:VCALENDAR')).replace(/\r?\n[ \t]/g, '')
  })()
  expect(ics).toMatch(/METHOD:REQUEST/)
  expect(ics).toMatch(/LOCATION:Table \d+/)
  expect(ics).toMatch(/ATTENDEE[^\n]*max@confitures-sainte-luce\.example/i)
  expect(ics).toMatch(/ATTENDEE[^\n]*@brickell-hotels\.example/i)
  await buyerContext.close()
})
