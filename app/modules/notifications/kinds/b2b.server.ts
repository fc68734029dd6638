import { eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { attendees, b2bParticipants, companies, meetingRequests, meetings, registrations } from '#db/schema/index'
import { queueEmail } from '~/modules/mail/send.server'
import { getEnv } from '~/utils/env.server'
import { mailContact } from '../deliver.server'
import type { KindHandler } from './types'

/** Each company's name and the registration (contact, language) it takes part with. */
async function sides(tx: DbOrTx, eventId: string, companyIds: string[]) {
  const rows = await tx
    .select({ companyId: companies.id, name: companies.name, registration: registrations })
    .from(b2bParticipants)
    .innerJoin(companies, eq(companies.id, b2bParticipants.companyId))
    .innerJoin(registrations, eq(registrations.id, b2bParticipants.registrationId))
    .where(inArray(b2bParticipants.companyId, companyIds))
  return new Map(rows.filter((r) => r.registration.eventId === eventId).map((r) => [r.companyId, r]))
}

/**
 * A request received (to the receiving company, with one-click answer links), answered (to the
 * sender) or expired (to both). One mail per company contact and change.
 */
export const b2bRequest: KindHandler<'b2b.request'> = async (tx, n) => {
  const [request] = await tx.select().from(meetingRequests).where(eq(meetingRequests.id, n.requestId))
  if (!request) return
  const people = await sides(tx, request.eventId, [request.fromCompanyId, request.toCompanyId])
  const from = people.get(request.fromCompanyId)
  const to = people.get(request.toCompanyId)
  if (!from || !to) return
  const send = async (side: NonNullable<typeof from>, other: NonNullable<typeof from>, extra: { actionUrl?: string; declineUrl?: string; message?: string } = {}) =>
    mailContact(tx, side.registration, {
      key: `b2b.request:${request.id}:${n.version}:${side.companyId}`,
      kind: n.kind,
      template: 'b2b-request',
      data: { actionUrl: extra.actionUrl, b2b: { change: n.version, otherCompany: other.name, message: extra.message, declineUrl: extra.declineUrl } },
    })
  if (n.version === 'received') {
    const token = n.data?.answerToken
    const url = token ? `${getEnv().PUBLIC_URL}/${to.registration.locale}/b2b/answer/${token}` : undefined
    await send(to, from, { actionUrl: url && `${url}?decision=accepted`, declineUrl: url && `${url}?decision=declined`, message: request.message || undefined })
  } else if (n.version === 'expired') {
    await send(from, to)
    await send(to, from)
  } else {
    await send(from, to)
  }
}

/**
 * A meeting's invitation, update or withdrawal to each of its two delegates, each with the
 * meeting's calendar part (same UID, the meeting's SEQUENCE, both delegates as ATTENDEEs).
 */
export const b2bMeeting: KindHandler<'b2b.meeting'> = async (tx, n) => {
  const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, n.meetingId))
  if (!meeting) return
  const delegates = await tx.select().from(attendees).where(inArray(attendees.id, [meeting.delegateAId, meeting.delegateBId]))
  const names = new Map((await tx.select({ id: companies.id, name: companies.name }).from(companies).where(inArray(companies.id, [meeting.companyAId, meeting.companyBId]))).map((c) => [c.id, c.name]))
  const method = n.data.method
  const change = method === 'CANCEL' ? 'cancelled' : meeting.calendarSequence > 0 ? 'changed' : 'invite'
  for (const delegate of delegates) {
    const ownRegistration = await tx.select({ companyId: registrations.companyId }).from(registrations).where(eq(registrations.id, delegate.registrationId))
    const ownCompany = ownRegistration[0]?.companyId
    const other = names.get(ownCompany === meeting.companyAId ? meeting.companyBId : meeting.companyAId) ?? ''
    await queueEmail(tx, {
      dedupeKey: `b2b.meeting:${meeting.id}:${n.version ?? meeting.calendarSequence}:${method}:${delegate.id}`,
      kind: n.kind,
      toAddress: delegate.email,
      locale: delegate.locale,
      eventId: meeting.eventId,
      registrationId: delegate.registrationId,
      payload: {
        template: 'b2b-meeting',
        recipient: { type: 'attendee', attendeeId: delegate.id },
        eventId: meeting.eventId,
        registrationId: delegate.registrationId,
        meetingId: meeting.id,
        calendar: method,
        data: { b2b: { change, otherCompany: other } },
      },
    })
  }
}

/** The rating (months 0) or a follow-up question after a meeting, to one company's contact. */
export const b2bFollowUp: KindHandler<'b2b.follow-up'> = async (tx, n) => {
  const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, n.meetingId))
  if (!meeting) return
  const people = await sides(tx, meeting.eventId, [meeting.companyAId, meeting.companyBId])
  const own = people.get(n.data.companyId)
  const other = people.get(n.data.companyId === meeting.companyAId ? meeting.companyBId : meeting.companyAId)
  if (!own || !other) return
  const months = n.data.months
  await mailContact(tx, own.registration, {
    key: `b2b.follow-up:${meeting.id}:${n.data.companyId}:${months}`,
    kind: n.kind,
    template: 'b2b-follow-up',
    data: {
      actionUrl: `${getEnv().PUBLIC_URL}/${own.registration.locale}/b2b/follow-up/${n.data.token}`,
      b2b: { change: months === 0 ? 'rating' : 'follow-up', otherCompany: other.name, months },
    },
  })
}
