import crypto from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { attendees, auditEntries, events, registrations } from '#db/schema/index'
import { translator } from '~/locales'
import { dispatch } from '~/modules/notifications/dispatch.server'
import type { Notification } from '~/modules/notifications/notify.server'
import { action } from '~/routes/$lang.admin.events.$eventId.attendees'
import { createAdminWorld, request } from './fixtures'
import { routeArgs } from '../../factories/route-args'

type World = Awaited<ReturnType<typeof createAdminWorld>>
type Answer = { status: number; body: Record<string, unknown> | null; response: Response | null }

/** POSTs the bulk form of an event's attendee list as a browser would. */
async function post(cookie: string, eventId: string, form: Record<string, string | string[]>, lang = 'fr'): Promise<Answer> {
  const req = request(`/${lang}/admin/events/${eventId}/attendees`, cookie, { method: 'POST', form })
  try {
    const out = (await action(routeArgs({ request: req, params: { lang, eventId }, context: {} }))) as unknown
    if (out instanceof Response) return { status: out.status, body: null, response: out }
    const d = out as { init?: { status?: number }; data: Record<string, unknown> }
    return { status: d.init?.status ?? 200, body: d.data, response: null }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null, response: thrown }
    throw thrown
  }
}

/** A pending application with `people` delegates. */
async function application(world: World, company: string, people = 1) {
  const made = await world.registration({ company, first: company, last: 'Lead', consent: true, status: 'pending_approval' })
  const db = getDb()
  await db.update(registrations).set({ paidMinor: 0, confirmedAt: null }).where(eq(registrations.id, made.registration.id))
  for (let i = 1; i < people; i++) {
    await db.insert(attendees).values({
      registrationId: made.registration.id,
      eventId: world.event.id,
      ticketTypeId: world.ticketType.id,
      firstName: `${company}${i}`,
      lastName: 'Extra',
      email: `${company.toLowerCase()}${i}.${crypto.randomBytes(3).toString('hex')}@example.test`,
      calendarUid: `${crypto.randomBytes(8).toString('hex')}@test`,
      checkInSecret: crypto.randomBytes(16).toString('hex'),
    })
  }
  return made
}

async function statusOf(registrationId: string) {
  return (await getDb().select({ s: registrations.status }).from(registrations).where(eq(registrations.id, registrationId)))[0].s
}

async function auditCount(action: string, subjectId: string) {
  return getDb().$count(auditEntries, and(eq(auditEntries.action, action), eq(auditEntries.subjectId, subjectId)))
}

describe('bulk actions on an event’s attendee list', () => {
  it('approves a selection one registration at a time: the one lacking seats stays pending with a clear reason, the others are approved', async () => {
    const world = await createAdminWorld()
    const alpha = await application(world, 'Alpha')
    const big = await application(world, 'Big', 3)
    const gamma = await application(world, 'Gamma')
    // Two confirmed seats already taken; room for two more: Alpha and Gamma fit, Big (three people) does not.
    await getDb().update(events).set({ capacity: 4 }).where(eq(events.id, world.event.id))

    const answer = await post(world.people.organiser.cookie, world.event.id, {
      intent: 'approve',
      scope: 'selected',
      attendeeId: [alpha.attendee.id, big.attendee.id, gamma.attendee.id, world.consenting.attendee.id],
    })
    expect(answer.status).toBe(200)
    const summary = (answer.body as { step: string; summary: { done: number; skipped: number; failed: { companyName: string; reference: string; reason: string }[] } }).summary
    expect(summary.done).toBe(2)
    expect(summary.skipped).toBe(1) // the confirmed registration is not an application
    expect(summary.failed).toEqual([{ registrationId: big.registration.id, reference: big.registration.reference, companyName: big.company.name, reason: 'admin.registration.errors.sold_out' }])
    // The reason reads as a sentence in each language, not as a key.
    expect(translator('fr')(summary.failed[0].reason as never)).toMatch(/places/)
    expect(translator('en')(summary.failed[0].reason as never)).not.toBe(summary.failed[0].reason)

    expect(await statusOf(alpha.registration.id)).not.toBe('pending_approval')
    expect(await statusOf(gamma.registration.id)).not.toBe('pending_approval')
    expect(await statusOf(big.registration.id)).toBe('pending_approval')
    expect(await auditCount('registration.approved', alpha.registration.id)).toBe(1)
    expect(await auditCount('registrations.bulk-approved', world.event.id)).toBe(1)
  })

  it('acts on "this whole page": the rows the page listed travel in one field, whatever is ticked', async () => {
    const world = await createAdminWorld()
    const one = await application(world, 'PageOne')
    const two = await application(world, 'PageTwo')
    const answer = await post(world.people.organiser.cookie, world.event.id, {
      intent: 'approve',
      scope: 'page',
      pageAttendeeIds: `${one.attendee.id},${two.attendee.id}`,
      attendeeId: [world.consenting.attendee.id],
    })
    expect(answer.status).toBe(200)
    expect((answer.body as { summary: { done: number } }).summary.done).toBe(2)
    expect(await statusOf(one.registration.id)).not.toBe('pending_approval')
    expect(await statusOf(two.registration.id)).not.toBe('pending_approval')
    const forged = await post(world.people.organiser.cookie, world.event.id, { intent: 'approve', scope: 'page', pageAttendeeIds: `${one.attendee.id},not-an-id` })
    expect(JSON.stringify(forged.body)).toContain('refusals.bulkUnknownIds')
  })

  it('asks for confirmation before rejecting, then rejects the pending applications of the selection', async () => {
    const world = await createAdminWorld()
    const one = await application(world, 'One')
    const two = await application(world, 'Two')
    const ids = [one.attendee.id, two.attendee.id]

    const first = await post(world.people.organiser.cookie, world.event.id, { intent: 'reject', scope: 'selected', attendeeId: ids })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ ok: true, step: 'confirm-reject', pending: 2 })
    expect(await statusOf(one.registration.id)).toBe('pending_approval')
    expect(await statusOf(two.registration.id)).toBe('pending_approval')

    const confirmed = await post(world.people.organiser.cookie, world.event.id, { intent: 'reject', scope: 'selected', attendeeId: ids, confirm: 'yes', note: 'Complet' })
    expect(confirmed.body).toMatchObject({ step: 'decided', summary: { decision: 'reject', done: 2, skipped: 0, failed: [] } })
    expect(await statusOf(one.registration.id)).toBe('rejected')
    expect(await statusOf(two.registration.id)).toBe('rejected')
  })

  it('refuses partner viewers and check-in staff (403) and shows them no checkboxes', async () => {
    const world = await createAdminWorld()
    const pending = await application(world, 'Viewer')
    for (const who of ['partner_viewer', 'check_in'] as const) {
      const answer = await post(world.people[who].cookie, world.event.id, { intent: 'approve', scope: 'selected', attendeeId: [pending.attendee.id] })
      expect(answer.status).toBe(403)
    }
    expect(await statusOf(pending.registration.id)).toBe('pending_approval')
    const { loader } = await import('~/routes/$lang.admin.events.$eventId.attendees')
    const view = (await loader(routeArgs({ request: request(`/fr/admin/events/${world.event.id}/attendees`, world.people.partner_viewer.cookie), params: { lang: 'fr', eventId: world.event.id }, context: {} }))) as { bulk?: unknown }
    expect(view.bulk).toBeUndefined()
    const organiserView = (await loader(routeArgs({ request: request(`/fr/admin/events/${world.event.id}/attendees`, world.people.organiser.cookie), params: { lang: 'fr', eventId: world.event.id }, context: {} }))) as { bulk?: { token: string } }
    expect(organiserView.bulk?.token).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('answers 400 in the reader’s language for unknown ids, ids of another event, an empty selection or a bad token, and writes nothing', async () => {
    const world = await createAdminWorld()
    const other = await createAdminWorld()
    const pending = await application(world, 'Careful')
    const cases: [Record<string, string | string[]>, string][] = [
      [{ intent: 'approve', scope: 'selected', attendeeId: [pending.attendee.id, crypto.randomUUID()] }, 'refusals.bulkUnknownIds'],
      [{ intent: 'approve', scope: 'selected', attendeeId: [pending.attendee.id, other.consenting.attendee.id] }, 'refusals.bulkUnknownIds'],
      [{ intent: 'approve', scope: 'selected', attendeeId: ['not-an-id'] }, 'refusals.bulkUnknownIds'],
      [{ intent: 'approve', scope: 'selected' }, 'refusals.bulkNothingSelected'],
      [{ intent: 'resend', scope: 'selected', attendeeId: [world.consenting.attendee.id], token: 'x' }, 'refusals.bulkExpired'],
    ]
    for (const [form, key] of cases) {
      for (const lang of ['fr', 'en'] as const) {
        const answer = await post(world.people.organiser.cookie, world.event.id, form, lang)
        expect(answer.status, JSON.stringify(form)).toBe(400)
        expect(answer.body?.formError).toBe(key)
        const text = translator(lang)(key as never)
        expect(text).not.toBe(key)
      }
    }
    expect(translator('fr')('refusals.bulkUnknownIds')).not.toBe(translator('en')('refusals.bulkUnknownIds'))
    expect(await statusOf(pending.registration.id)).toBe('pending_approval')
    expect(await auditCount('registrations.bulk-approved', world.event.id)).toBe(0)
    // Another event's attendee, posted to its own event's URL by this organisation's organiser: not found.
    const foreign = await post(world.people.organiser.cookie, other.event.id, { intent: 'approve', scope: 'selected', attendeeId: [other.consenting.attendee.id] })
    expect(foreign.status).toBe(404)
  })

  it('resends the confirmation with its invitation to confirmed attendees: again on a new request, once for a double-submitted form', async () => {
    const world = await createAdminWorld()
    const pending = await application(world, 'Waiting')
    const ids = [world.consenting.attendee.id, world.private.attendee.id, pending.attendee.id]
    const tokenA = crypto.randomUUID()
    const jobs = async (token: string) =>
      getDb().execute<{ data: Notification }>(
        sql`select data from pgboss.job where name = 'notify.dispatch' and data->>'kind' = 'registration.confirmed' and data->>'version' = ${`resend:${token}`}`,
      )

    const first = await post(world.people.organiser.cookie, world.event.id, { intent: 'resend', scope: 'selected', attendeeId: ids, token: tokenA })
    expect(first.body).toMatchObject({ step: 'resent', summary: { queued: 2, skipped: 1, duplicate: false } })
    const again = await post(world.people.organiser.cookie, world.event.id, { intent: 'resend', scope: 'selected', attendeeId: ids, token: tokenA })
    expect(again.body).toMatchObject({ step: 'resent', summary: { queued: 0, duplicate: true } })
    expect(await jobs(tokenA)).toHaveLength(2)
    expect(await auditCount('attendee.confirmation-resent', world.consenting.attendee.id)).toBe(1)

    const tokenB = crypto.randomUUID()
    await post(world.people.organiser.cookie, world.event.id, { intent: 'resend', scope: 'selected', attendeeId: ids, token: tokenB })
    // Run the jobs as the worker would (each twice, as a retried job): one mail per attendee per request.
    for (const token of [tokenA, tokenB]) for (const job of await jobs(token)) for (let i = 0; i < 2; i++) await dispatch(job.data)
    const mails = await getDb().execute<{ to_address: string; n: number }>(
      sql`select to_address, count(*)::int as n from email_message where event_id = ${world.event.id} and template = 'registration-confirmed' group by to_address order by to_address`,
    )
    expect(mails.map((m) => [m.to_address, Number(m.n)])).toEqual(
      [world.consenting.attendee.email, world.private.attendee.email].sort().map((email) => [email, 2]),
    )
  })

  it('exports only the selected rows as CSV, and refuses “all matching” above the cap', async () => {
    const world = await createAdminWorld()
    const answer = await post(world.people.organiser.cookie, world.event.id, { intent: 'export', scope: 'selected', attendeeId: [world.private.attendee.id] })
    expect(answer.status).toBe(200)
    expect(answer.response?.headers.get('content-type')).toContain('text/csv')
    const csv = await answer.response!.text()
    expect(csv).toContain('Private')
    expect(csv).not.toContain('Consent')
    expect(csv.trim().split('\n')).toHaveLength(2)

    const filtered = await post(world.people.organiser.cookie, world.event.id, { intent: 'export', scope: 'filter', filter: 'q=consent' })
    const filteredCsv = await filtered.response!.text()
    expect(filteredCsv).toContain('Consent')
    expect(filteredCsv).not.toContain('Private')

    await getDb().execute(sql`
      insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, calendar_uid, check_in_secret)
      select ${world.consenting.registration.id}, ${world.event.id}, ${world.ticketType.id}, 'Many', 'People' || g, 'many' || g || '@cap.test', gen_random_uuid()::text, gen_random_uuid()::text
      from generate_series(1, 5000) g`)
    const tooMany = await post(world.people.organiser.cookie, world.event.id, { intent: 'approve', scope: 'filter', filter: '' })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body?.formError).toBe('refusals.bulkTooMany')
    expect(await auditCount('registrations.bulk-approved', world.event.id)).toBe(0)
  })
})

