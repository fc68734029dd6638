import { eq, sql } from 'drizzle-orm'
import { describe, expect, inject, it } from 'vitest'
import { getDb } from '#db/client'
import { registrations } from '#db/schema/index'
import { companyFromRequest, requestCompanySignIn, resolveCompanySignIn } from '~/modules/companies/company-sign-in.server'
import { registerCompany } from '~/modules/registration/intake.server'
import { action as registerAction, loader as registerLoader } from '~/routes/$lang.events.$slug_.register'
import { loader as manageLoader } from '~/routes/$lang.manage.$token'
import { loader as companyLinkLoader } from '~/routes/$lang.companies.sign-in_.$token'
import { createTestEvent, holdEventLock, registrationInput } from '../../factories'
import { routeArgs, routeResult } from '../../factories/route-args'

// The embedded database is one session: a second transaction cannot hold the event lock beside it.
const pglite = inject('databaseKind') === 'pglite'

const ctx = { requestId: 'test', cspNonce: '' }

function form(fields: Record<string, string>) {
  const body = new URLSearchParams(fields)
  return new Request('http://passerelle.test/fr/events/x/register', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-passerelle-client-ip': `10.0.0.${Math.floor(Math.random() * 250)}` } })
}

/** A complete one-seat registration form for `who` ("Route": Route Co, Route Person, route-…@x.example). */
function registrationFields(event: { id: string; slug: string }, ticketTypeId: string, who: string) {
  const email = `${who.toLowerCase()}-${event.slug}@x.example`
  return {
    eventId: event.id,
    'tickets[0].ticketTypeId': ticketTypeId,
    'tickets[0].quantity': '1',
    'company.name': `${who} Co`,
    'company.country': 'MQ',
    'company.contactName': `${who} Person`,
    'company.contactEmail': email,
    'attendees[0].ticketTypeId': ticketTypeId,
    'attendees[0].firstName': who,
    'attendees[0].lastName': 'Person',
    'attendees[0].email': email,
    privacyAccepted: 'on',
  }
}

async function status(promise: Promise<unknown>) {
  try {
    return (await routeResult(promise)).status
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status
    throw thrown
  }
}

describe('register route', () => {
  it('registers through the form and redirects to the management page', async () => {
    const event = await createTestEvent(getDb())
    const t = event.ticket.guest
    const response = (await registerAction(routeArgs({
      request: form(registrationFields(event, t, 'Route')),
      params: { lang: 'fr', slug: event.slug },
      context: ctx,
    }))) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toMatch(/^\/fr\/manage\/[A-Za-z0-9_-]+\?welcome=1$/)
  })

  it('goes straight to the checkout when the form chose card, and to the invoice when it chose invoice', async () => {
    const event = await createTestEvent(getDb(), { tickets: [{ key: 'delegate', priceMinor: 15000 }] })
    const t = event.ticket.delegate
    const post = async (method: 'card' | 'invoice', who: string) =>
      (await registerAction(routeArgs({
        request: form({
          eventId: event.id,
          'tickets[0].ticketTypeId': t,
          'tickets[0].quantity': '1',
          'company.name': `${who} Co`,
          'company.country': 'MQ',
          'company.contactName': who,
          'company.contactEmail': `${who}-${event.slug}@x.example`,
          'attendees[0].ticketTypeId': t,
          'attendees[0].firstName': who,
          'attendees[0].lastName': 'Person',
          'attendees[0].email': `${who}-${event.slug}@x.example`,
          paymentMethod: method,
          privacyAccepted: 'on',
        }),
        params: { lang: 'fr', slug: event.slug },
        context: ctx,
      }))) as Response
    const card = await post('card', 'carla')
    expect(card.status).toBe(302)
    expect(card.headers.get('location')).toMatch(/\/test-checkout\/cs_test_/)
    const invoice = await post('invoice', 'ivan')
    expect(invoice.status).toBe(302)
    expect(invoice.headers.get('location')).toMatch(/^\/fr\/manage\/[A-Za-z0-9_-]+\/pay\?welcome=1$/)
    const rows = await getDb().select({ status: registrations.status, method: registrations.paymentMethod }).from(registrations).where(eq(registrations.eventId, event.id))
    expect(rows.map((r) => r.method).sort()).toEqual(['card', 'invoice'])
  })

  it('answers 4xx with field errors for bad input, a tampered ticket or a honeypot, and writes nothing', async () => {
    const event = await createTestEvent(getDb())
    const other = await createTestEvent(getDb())
    const call = (fields: Record<string, string>) => registerAction(routeArgs({ request: form(fields), params: { lang: 'fr', slug: event.slug }, context: ctx }))
    const missing = await routeResult(call({ eventId: event.id, 'tickets[0].ticketTypeId': event.ticket.guest, 'tickets[0].quantity': '-2' }))
    expect(missing.status).toBe(400)
    const body = missing.data
    expect(body.lastResult.error['tickets[0].quantity']).toEqual(['quantity'])
    expect(body.lastResult.error['company.name']).toEqual(['required'])
    const valid = {
      eventId: event.id,
      'tickets[0].ticketTypeId': other.ticket.guest,
      'tickets[0].quantity': '1',
      'company.name': 'X',
      'company.country': 'MQ',
      'company.contactName': 'X',
      'company.contactEmail': 'x@x.example',
      'attendees[0].ticketTypeId': other.ticket.guest,
      'attendees[0].firstName': 'X',
      'attendees[0].lastName': 'Y',
      'attendees[0].email': 'x@x.example',
      privacyAccepted: 'on',
    }
    const tampered = await routeResult(call(valid))
    expect(tampered.status).toBe(400)
    expect(tampered.data.lastResult.error['']).toEqual(['refusals.invalidTicket'])
    const robot = await routeResult(call({ ...valid, 'tickets[0].ticketTypeId': event.ticket.guest, 'attendees[0].ticketTypeId': event.ticket.guest, fax_number: 'spam' }))
    expect(robot.status).toBe(400)
    expect(await status(call({ ...valid, eventId: other.id }))).toBe(400)
    const [row] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from registration where event_id in (${event.id}, ${other.id})`)
    expect(Number(row.n)).toBe(0)
  })

  it.skipIf(pglite)('refuses a sold-out event from the page’s seats left at once, even while the event lock is held, with the usual answer and no writes', async () => {
    const event = await createTestEvent(getDb(), { pools: [{ key: 'main', size: 1, tickets: ['guest'] }] })
    await registerCompany(registrationInput(event, { [event.ticket.guest]: 1 }))
    const t = event.ticket.guest
    const fields = registrationFields(event, t, 'Late')
    const release = await holdEventLock(getDb(), event.id)
    try {
      const started = Date.now()
      const refused = await routeResult(registerAction(routeArgs({ request: form(fields), params: { lang: 'fr', slug: event.slug }, context: ctx })))
      expect(Date.now() - started).toBeLessThan(1000)
      expect(refused.status).toBe(409)
      expect(refused.data.soldOut).toBe(true)
      expect(refused.data.lastResult.error['']).toEqual(['refusals.soldOut'])
    } finally {
      await release()
    }
    const [row] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from registration where event_id = ${event.id}`)
    expect(Number(row.n)).toBe(1)
    const [company] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from company where contact_email = ${fields['company.contactEmail']}`)
    expect(Number(company.n)).toBe(0)
  })

  it.skipIf(pglite)('after a refusal decided under the lock, shows the seats the lock counted, not the page the action read before', async () => {
    const event = await createTestEvent(getDb(), { pools: [{ key: 'main', size: 1, tickets: ['guest'] }] })
    const t = event.ticket.guest
    const fields = (who: string) => registrationFields(event, t, who)
    const params = { lang: 'fr', slug: event.slug }
    // Both read one seat left, then queue for the event lock: the first to get it takes the seat.
    const release = await holdEventLock(getDb(), event.id)
    const posts = ['early', 'late'].map((who) => {
      const context = { ...ctx }
      return { context, answer: routeResult<{ soldOut: boolean }>(registerAction(routeArgs({ request: form(fields(who)), params, context }))) }
    })
    try {
      const deadline = Date.now() + 10_000
      for (;;) {
        const [waiting] = await getDb().execute<{ n: number }>(
          sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        )
        if (Number(waiting.n) >= 2 || Date.now() > deadline) break
        await new Promise((r) => setTimeout(r, 20))
      }
    } finally {
      await release()
    }
    const answers = await Promise.all(posts.map((p) => p.answer))
    expect(answers.map((a) => a.status).sort()).toEqual([302, 409])
    const refused = posts[answers.findIndex((a) => a.status === 409)]
    expect((await refused.answer).data.soldOut).toBe(true)
    const page = await routeResult(registerLoader(routeArgs({ request: new Request(`http://passerelle.test/fr/events/${event.slug}/register`), params, context: refused.context })))
    expect(page.data.page.ticketTypes.find((type: { id: string }) => type.id === t).seatsLeft).toBe(0)
  })

  it('refuses NUL and other control characters (and line breaks in one-line fields) with a message, not a 500', async () => {
    const event = await createTestEvent(getDb())
    const t = event.ticket.guest
    const call = (fields: Record<string, string>) => routeResult(registerAction(routeArgs({ request: form(fields), params: { lang: 'fr', slug: event.slug }, context: ctx })))
    const valid = registrationFields(event, t, 'Clean')
    const nul = await call({ ...valid, 'company.name': 'Nul\u0000Co' })
    expect(nul.status).toBe(400)
    expect(nul.data.lastResult.error['company.name']).toEqual(['controlCharacters'])
    const bell = await call({ ...valid, 'attendees[0].lastName': 'Ding\u0007' })
    expect(bell.data.lastResult.error['attendees[0].lastName']).toEqual(['controlCharacters'])
    const header = await call({ ...valid, 'company.contactName': 'Eve\r\nBcc: all@x.example' })
    expect(header.data.lastResult.error['company.contactName']).toEqual(['lineBreak'])
    const script = await call({ ...valid, 'company.website': 'javascript:alert(1)' })
    expect(script.data.lastResult.error['company.website']).toEqual(['website'])
    const [row] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from registration where event_id = ${event.id}`)
    expect(Number(row.n)).toBe(0)
    // A multi-line field keeps its line breaks.
    expect((await call({ ...valid, 'company.description': 'Line one\r\nLine two' })).status).toBe(302)
  })

  it('the step-one loader refuses a tampered ticket id or a negative quantity with a 400', async () => {
    const event = await createTestEvent(getDb())
    const load = (query: string) =>
      status(registerLoader(routeArgs({ request: new Request(`http://passerelle.test/fr/events/${event.slug}/register?${query}`), params: { lang: 'fr', slug: event.slug }, context: ctx })))
    expect(await load(`qty.${event.ticket.guest}=1`)).toBe(200)
    expect(await load(`qty.${event.ticket.guest}=-1`)).toBe(400)
    expect(await load(`qty.00000000-0000-0000-0000-000000000000=1`)).toBe(400)
    expect(await status(registerLoader(routeArgs({ request: new Request('http://passerelle.test/fr/events/nope/register'), params: { lang: 'fr', slug: 'nope-nope' }, context: ctx })))).toBe(404)
  })

  it('a wrong management token is a 404', async () => {
    expect(await status(manageLoader(routeArgs({ request: new Request('http://passerelle.test/fr/manage/x'), params: { lang: 'fr', token: 'A'.repeat(43) }, context: ctx })))).toBe(404)
  })
})

describe('company sign-in', () => {
  it('mails a short-lived link only for a known company, and the link opens its profile', async () => {
    const event = await createTestEvent(getDb())
    const input = registrationInput(event, { [event.ticket.guest]: 1 })
    const reg = await registerCompany(input)
    const [{ companyId }] = await getDb().select({ companyId: registrations.companyId }).from(registrations).where(eq(registrations.id, reg.registrationId))
    const jobs = (email: string) =>
      getDb().execute<{ token: string }>(sql`select data->'data'->>'token' as token from pgboss.job where name = 'notify.dispatch' and data->>'kind' = 'company.sign-in-link' and data->'data'->>'email' = ${email}`)

    await requestCompanySignIn(`unknown-${event.slug}@nowhere.example`, 'fr')
    expect(await jobs(`unknown-${event.slug}@nowhere.example`)).toHaveLength(0)

    await requestCompanySignIn(input.company.contactEmail.toUpperCase(), 'fr')
    const [job] = await jobs(input.company.contactEmail)
    expect(job.token).toBeTruthy()
    expect((await resolveCompanySignIn(job.token))?.id).toBe(companyId)
    expect(await resolveCompanySignIn(job.token, { now: new Date(Date.now() + 31 * 60_000) })).toBeNull()
    expect(await resolveCompanySignIn('x'.repeat(43))).toBeNull()
    const [stored] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from company_sign_in_token where token_hash = ${job.token}`)
    expect(Number(stored.n)).toBe(0)
  })
  it('a sign-in link opens once: the cookie it sets keeps working, a second click is refused', async () => {
    const event = await createTestEvent(getDb())
    const input = registrationInput(event, { [event.ticket.guest]: 1 })
    const reg = await registerCompany(input)
    const [{ companyId }] = await getDb().select({ companyId: registrations.companyId }).from(registrations).where(eq(registrations.id, reg.registrationId))
    await requestCompanySignIn(input.company.contactEmail, 'fr')
    const [job] = await getDb().execute<{ token: string }>(
      sql`select data->'data'->>'token' as token from pgboss.job where name = 'notify.dispatch' and data->>'kind' = 'company.sign-in-link' and data->'data'->>'email' = ${input.company.contactEmail}`,
    )
    const open = async () => {
      try {
        return (await companyLinkLoader(routeArgs({ request: new Request(`http://passerelle.test/fr/companies/sign-in/${job.token}`), params: { lang: 'fr', token: job.token }, context: ctx }))) as Response
      } catch (thrown) {
        return thrown as Response
      }
    }
    const first = await open()
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toBe('/fr/events')
    const cookie = first.headers.get('set-cookie')!.split(';')[0]
    expect(cookie).not.toContain(job.token)
    expect((await companyFromRequest(new Request('http://passerelle.test/fr/events', { headers: { cookie } })))?.id).toBe(companyId)

    const second = await open()
    expect(second.headers.get('location')).toBe('/fr/companies/sign-in?invalid=1')
    expect(second.headers.get('set-cookie')).toBeNull()
    expect(await resolveCompanySignIn(job.token)).toBeNull()
  })
})
