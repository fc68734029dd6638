import crypto from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { attendees, auditEntries, emailMessages, organiserMessages } from '#db/schema/index'
import { translator } from '~/locales'
import { dispatch } from '~/modules/notifications/dispatch.server'
import type { Notification } from '~/modules/notifications/notify.server'
import { action } from '~/routes/$lang.admin.events.$eventId.attendees'
import { loader as progressLoader } from '~/routes/$lang.admin.events.$eventId.messages.$messageId'
import { loader as listLoader } from '~/routes/$lang.admin.events.$eventId.messages._index'
import { drain } from '../mail/helpers'
import { smtpForThisFile } from '../mail/smtp-per-file'
import { createAdminWorld, request } from './fixtures'
import { routeArgs } from '../../factories/route-args'

const smtp = smtpForThisFile()

type Answer = { status: number; body: Record<string, unknown> | null; location: string | null }

async function post(cookie: string, eventId: string, form: Record<string, string | string[]>, lang = 'fr'): Promise<Answer> {
  const req = request(`/${lang}/admin/events/${eventId}/attendees`, cookie, { method: 'POST', form })
  try {
    const out = (await action(routeArgs({ request: req, params: { lang, eventId }, context: {} }))) as unknown
    if (out instanceof Response) return { status: out.status, body: null, location: out.headers.get('location') }
    const d = out as { init?: { status?: number }; data: Record<string, unknown> }
    return { status: d.init?.status ?? 200, body: d.data, location: null }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null, location: thrown.headers.get('location') }
    throw thrown
  }
}

const MESSAGE = {
  subjectFr: 'Navette pour la réception',
  bodyFr: 'Bonjour,\n\nUne navette partira de l’hôtel à 18 h.',
  subjectEn: 'Shuttle to the reception',
  bodyEn: 'Hello,\n\nA shuttle leaves the hotel at 6 pm.',
}

async function writes(eventId: string) {
  const db = getDb()
  const [jobs] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from pgboss.job where name = 'notify.dispatch' and data->>'kind' = 'organiser.message' and data->>'eventId' = ${eventId}`,
  )
  return {
    messages: await db.$count(organiserMessages, eq(organiserMessages.eventId, eventId)),
    jobs: Number(jobs.n),
    mails: await db.$count(emailMessages, eq(emailMessages.eventId, eventId)),
  }
}

async function progressOf(cookie: string, eventId: string, messageId: string) {
  const out = (await progressLoader(routeArgs({ request: request(`/fr/admin/events/${eventId}/messages/${messageId}`, cookie), params: { lang: 'fr', eventId, messageId }, context: {} }))) as {
    progress: { total: number; sent: number; failed: number; finished: boolean }
  }
  return out.progress
}

describe('a message to selected attendees, in each one’s language', () => {
  it('previews both languages without writing, confirms once, sends each recipient one mail in their language and shows the progress', async () => {
    const world = await createAdminWorld()
    const db = getDb()
    // Line (French), Paul (English), a pending applicant (French) and a cancelled attendee (left out).
    await db.update(attendees).set({ locale: 'en' }).where(eq(attendees.id, world.private.attendee.id))
    const applicant = await world.registration({ company: 'Candidat', first: 'Anne', last: 'Pending', consent: true, status: 'pending_approval' })
    const gone = await world.registration({ company: 'Parti', first: 'Gone', last: 'Away', consent: true, status: 'cancelled' })
    const ids = [world.consenting.attendee.id, world.private.attendee.id, applicant.attendee.id, gone.attendee.id]
    const organiser = world.people.organiser.cookie

    const compose = await post(organiser, world.event.id, { intent: 'message', scope: 'selected', attendeeId: ids })
    expect(compose.body).toMatchObject({ step: 'compose', recipients: { count: 3, fr: 2, en: 1 } })
    const token = (compose.body as { token: string }).token

    const preview = await post(organiser, world.event.id, { intent: 'message-preview', scope: 'selected', attendeeId: ids, token, ...MESSAGE })
    expect(preview.status).toBe(200)
    const p = preview.body as { step: string; recipients: number; byLocale: { fr: number; en: number }; previews: Record<'fr' | 'en', { subject: string; html: string }> }
    expect(p).toMatchObject({ step: 'preview', recipients: 3, byLocale: { fr: 2, en: 1 } })
    expect(p.previews.fr.subject).toBe(MESSAGE.subjectFr)
    expect(p.previews.fr.html).toContain('Une navette partira')
    expect(p.previews.fr.html).not.toContain('A shuttle leaves')
    expect(p.previews.en.subject).toBe(MESSAGE.subjectEn)
    expect(p.previews.en.html).toContain('A shuttle leaves')
    expect(await writes(world.event.id)).toEqual({ messages: 0, jobs: 0, mails: 0 })

    const sent = await post(organiser, world.event.id, { intent: 'message-send', scope: 'selected', attendeeId: ids, token, ...MESSAGE })
    expect(sent.status).toBe(302)
    expect(sent.location).toBe(`/fr/admin/events/${world.event.id}/messages/${token}`)
    // The same form submitted twice: the same message, nothing queued twice.
    const twice = await post(organiser, world.event.id, { intent: 'message-send', scope: 'selected', attendeeId: ids, token, ...MESSAGE })
    expect(twice.location).toBe(sent.location)
    expect(await writes(world.event.id)).toEqual({ messages: 1, jobs: 3, mails: 0 })
    const [row] = await db.select().from(organiserMessages).where(eq(organiserMessages.id, token))
    expect(row).toMatchObject({ recipientCount: 3, audience: 'attendees', subject: { fr: MESSAGE.subjectFr, en: MESSAGE.subjectEn }, sentByUserId: world.people.organiser.id })
    expect(await db.$count(auditEntries, eq(auditEntries.subjectId, token))).toBe(1)

    expect(await progressOf(organiser, world.event.id, token)).toMatchObject({ total: 3, sent: 0, finished: false })

    // Run the jobs as the worker does (a retried job runs twice), then send the queued mails.
    const jobs = await db.execute<{ data: Notification }>(
      sql`select data from pgboss.job where name = 'notify.dispatch' and data->>'kind' = 'organiser.message' and data->>'eventId' = ${world.event.id}`,
    )
    for (const job of jobs) {
      await dispatch(job.data)
      await dispatch(job.data)
    }
    expect(await drain(world.event.id)).toEqual(['sent', 'sent', 'sent'])

    for (const [attendee, subject, text] of [
      [world.consenting.attendee, MESSAGE.subjectFr, 'Une navette partira'],
      [world.private.attendee, MESSAGE.subjectEn, 'A shuttle leaves'],
      [applicant.attendee, MESSAGE.subjectFr, 'Une navette partira'],
    ] as const) {
      const received = smtp.to(attendee.email)
      expect(received, attendee.email).toHaveLength(1)
      const mail = await simpleParser(received[0].raw)
      expect(mail.subject).toBe(subject)
      expect(mail.text).toContain(text)
    }
    expect(smtp.to(gone.attendee.email)).toHaveLength(0)

    const done = await progressOf(organiser, world.event.id, token)
    expect(done).toMatchObject({ total: 3, sent: 3, failed: 0, finished: true })
    const list = (await listLoader(routeArgs({ request: request(`/fr/admin/events/${world.event.id}/messages`, organiser), params: { lang: 'fr', eventId: world.event.id }, context: {} }))) as {
      messages: { id: string; sent: number; recipientCount: number }[]
    }
    expect(list.messages).toEqual([expect.objectContaining({ id: token, sent: 3, recipientCount: 3 })])
  })

  it('answers 400 in the reader’s language for an empty subject, unknown ids or another event’s ids, and writes nothing', async () => {
    const world = await createAdminWorld()
    const other = await createAdminWorld()
    const organiser = world.people.organiser.cookie
    const token = crypto.randomUUID()
    const ids = [world.consenting.attendee.id]

    for (const lang of ['fr', 'en'] as const) {
      for (const intent of ['message-preview', 'message-send']) {
        const empty = await post(organiser, world.event.id, { intent, scope: 'selected', attendeeId: ids, token, ...MESSAGE, subjectEn: '  ' }, lang)
        expect(empty.status).toBe(400)
        expect((empty.body as { fieldErrors: Record<string, string[]> }).fieldErrors.subjectEn).toEqual(['errors.field.required'])
        expect(translator(lang)('errors.field.required')).not.toBe('errors.field.required')
      }
      for (const attendeeId of [crypto.randomUUID(), other.consenting.attendee.id]) {
        const bad = await post(organiser, world.event.id, { intent: 'message-send', scope: 'selected', attendeeId: [...ids, attendeeId], token, ...MESSAGE }, lang)
        expect(bad.status).toBe(400)
        expect(bad.body?.formError).toBe('refusals.bulkUnknownIds')
      }
    }
    const noToken = await post(organiser, world.event.id, { intent: 'message-send', scope: 'selected', attendeeId: ids, ...MESSAGE })
    expect(noToken.status).toBe(400)
    expect(await writes(world.event.id)).toEqual({ messages: 0, jobs: 0, mails: 0 })

    const viewer = await post(world.people.partner_viewer.cookie, world.event.id, { intent: 'message-send', scope: 'selected', attendeeId: ids, token, ...MESSAGE })
    expect(viewer.status).toBe(403)
    expect(await writes(world.event.id)).toEqual({ messages: 0, jobs: 0, mails: 0 })
  })
})
