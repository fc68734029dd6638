import { eq } from 'drizzle-orm'
import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { meetingFollowUps, meetingRatings, meetings, meetingSlots } from '#db/schema/index'
import { delegatesOf } from '~/modules/b2b/participants.server'
import { answerFollowUp, followUpOf, rateMeeting, sweepFollowUps } from '~/modules/b2b/follow-ups.server'
import { answerRequest, brokerMeeting, sendRequest } from '~/modules/b2b/requests.server'
import { agendaOf, cancelMeeting, meetingsOfEvent, publishSchedule, scheduleAll } from '~/modules/b2b/scheduling.server'
import { setAvailability } from '~/modules/b2b/sessions.server'
import { dispatch } from '~/modules/notifications/dispatch.server'
import { composed, createMeetup, dispatchFor, icsOf, joinMeetup, mailsOf, notificationsFor, textOf } from './fixtures'

function vevent(ics: string) {
  const component = new ICAL.Component(ICAL.parse(ics))
  const event = component.getFirstSubcomponent('vevent')!
  return {
    method: component.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    location: event.getFirstPropertyValue('location'),
    status: event.getFirstPropertyValue('status'),
    attendees: event.getAllProperties('attendee').map((p) => String(p.getFirstValue()).replace(/^mailto:/i, '').toLowerCase()),
  }
}

async function accepted(event: Awaited<ReturnType<typeof createMeetup>>, from: Awaited<ReturnType<typeof joinMeetup>>, to: Awaited<ReturnType<typeof joinMeetup>>) {
  const request = await sendRequest(from, { toCompanyId: to.company.id, message: '', mustMeet: false })
  await answerRequest(request.id, to.company.id, 'accepted')
  return request
}

describe('scheduling, publication and calendar', () => {
  it('a preliminary schedule is hidden; publishing sends invitations with both delegates; changes send SEQUENCE+1 and CANCEL', async () => {
    const event = await createMeetup()
    const seller = await joinMeetup(event, 'Rhums Bellevue')
    const buyer = await joinMeetup(event, 'Sunshine Retail', { country: 'US', locale: 'en' })
    const other = await joinMeetup(event, 'Hotel Group', { country: 'US' })
    await accepted(event, seller, buyer)
    const brokered = await brokerMeeting(event.id, [seller.company.id, other.company.id], { userId: await anyUser(event.organisationId) })
    expect(brokered.status).toBe('accepted')

    const run = await scheduleAll(event.id)
    expect(run).toMatchObject({ placed: 2, unplaced: [], moved: 0, cancelled: 0 })
    expect((await meetingsOfEvent(event.id)).map((m) => m.status)).toEqual(['preliminary', 'preliminary'])
    // Participants see nothing before publication.
    expect(await agendaOf(event.id, seller.company.id)).toEqual([])

    expect(await publishSchedule(event.id)).toBe(2)
    const agenda = await agendaOf(event.id, seller.company.id)
    expect(agenda.map((m) => m.otherCompany).sort()).toEqual(['Hotel Group', 'Sunshine Retail'])
    // The seller has one delegate: its two meetings are in different slots.
    expect(new Set(agenda.map((m) => m.startsAt.toISOString())).size).toBe(2)

    const meeting = (await getDb().select().from(meetings).where(eq(meetings.eventId, event.id))).find((m) => [m.companyAId, m.companyBId].includes(buyer.company.id))!
    await dispatchFor(meeting.id)
    const invitations = (await mailsOf(event.id, 'b2b.meeting')).filter((m) => (m.payload as { meetingId?: string }).meetingId === meeting.id)
    const sellerDelegate = (await delegatesOf(seller.registration.id))[0]
    const buyerDelegate = (await delegatesOf(buyer.registration.id))[0]
    expect(invitations.map((m) => m.toAddress).sort()).toEqual([sellerDelegate.email, buyerDelegate.email].sort())
    const toBuyer = await composed(invitations.find((m) => m.toAddress === buyerDelegate.email)!)
    expect(toBuyer.subject).toBe('Meeting with Rhums Bellevue — ' + toBuyer.subject.split(' — ')[1])
    const invite = vevent(icsOf(toBuyer))
    expect(invite).toMatchObject({ method: 'REQUEST', uid: meeting.calendarUid, sequence: 0 })
    expect(invite.location).toMatch(/^Table \d+$/)
    expect(invite.attendees.sort()).toEqual([sellerDelegate.email, buyerDelegate.email].map((e) => e.toLowerCase()).sort())

    // Re-running keeps published meetings where they are.
    expect(await scheduleAll(event.id)).toMatchObject({ placed: 2, moved: 0, cancelled: 0 })
    const kept = (await getDb().select().from(meetings).where(eq(meetings.id, meeting.id)))[0]
    expect([kept.slotId, kept.tableId, kept.calendarSequence, kept.status]).toEqual([meeting.slotId, meeting.tableId, 0, 'published'])

    // The buyer's delegate can no longer come at that slot: the re-run moves it, SEQUENCE+1, update mailed.
    const slots = await getDb().select().from(meetingSlots).where(eq(meetingSlots.eventId, event.id))
    await setAvailability(buyer, buyerDelegate.id, slots.filter((s) => s.id !== meeting.slotId).map((s) => s.id))
    expect(await scheduleAll(event.id)).toMatchObject({ moved: 1, cancelled: 0 })
    const moved = (await getDb().select().from(meetings).where(eq(meetings.id, meeting.id)))[0]
    expect(moved.slotId).not.toBe(meeting.slotId)
    expect(moved.calendarSequence).toBe(1)
    await dispatchFor(meeting.id)
    const update = (await mailsOf(event.id, 'b2b.meeting')).find((m) => m.toAddress === buyerDelegate.email && m.dedupeKey.includes(':1:REQUEST:'))!
    const updateIcs = vevent(icsOf(await composed(update)))
    expect(updateIcs).toMatchObject({ method: 'REQUEST', uid: meeting.calendarUid, sequence: 1 })

    // The organiser removes it: CANCEL, same UID, SEQUENCE 2, to both delegates; gone from the agenda.
    await cancelMeeting(event.id, meeting.id)
    await dispatchFor(meeting.id)
    const cancels = (await mailsOf(event.id, 'b2b.meeting')).filter((m) => m.dedupeKey.includes(`${meeting.id}:2:CANCEL`))
    expect(cancels).toHaveLength(2)
    const cancelIcs = vevent(icsOf(await composed(cancels[0])))
    expect(cancelIcs).toMatchObject({ method: 'CANCEL', uid: meeting.calendarUid, sequence: 2, status: 'CANCELLED' })
    expect((await agendaOf(event.id, buyer.company.id))).toEqual([])
    // A later run does not bring it back (its request is cancelled); the other meeting stays.
    expect(await scheduleAll(event.id)).toMatchObject({ placed: 1, cancelled: 0 })
    expect((await meetingsOfEvent(event.id)).map((m) => m.companyB === 'Sunshine Retail' || m.companyA === 'Sunshine Retail')).toEqual([false])
  })

  it('after the meeting: a rating at once, follow-ups at +3, +6 and +12 months, each asked once and stored', async () => {
    const event = await createMeetup()
    const seller = await joinMeetup(event, 'Rhums Bellevue')
    const buyer = await joinMeetup(event, 'Sunshine Retail', { country: 'US' })
    await accepted(event, seller, buyer)
    await scheduleAll(event.id)
    await publishSchedule(event.id)
    const [meeting] = await getDb().select().from(meetings).where(eq(meetings.eventId, event.id))
    const [slot] = await getDb().select().from(meetingSlots).where(eq(meetingSlots.id, meeting.slotId))
    const plus = (months: number, days = 0) => new Date(new Date(slot.endsAt).setUTCMonth(slot.endsAt.getUTCMonth() + months) + days * 86_400_000)

    // Other files' meetings share the database: count what this meeting was asked.
    const asked = async () => (await getDb().select().from(meetingFollowUps).where(eq(meetingFollowUps.meetingId, meeting.id))).length
    const sweep = async (at: Date) => {
      const before = await asked()
      await sweepFollowUps(at)
      return (await asked()) - before
    }
    expect(await sweep(new Date(slot.endsAt.getTime() - 60_000))).toBe(0)
    expect(await sweep(plus(0, 1))).toBe(2)
    expect(await sweep(plus(0, 2))).toBe(0)
    const [ratingAsk] = (await notificationsFor(meeting.id)).filter((n) => n.kind === 'b2b.follow-up')
    await dispatch(ratingAsk)
    const [ratingMail] = await mailsOf(event.id, 'b2b.follow-up')
    const link = /\/b2b\/follow-up\/([A-Za-z0-9_.-]+)/.exec(textOf(await composed(ratingMail)))![1]
    await rateMeeting(link, 'useful')
    await rateMeeting(link, 'excellent')
    const ratings = await getDb().select().from(meetingRatings).where(eq(meetingRatings.meetingId, meeting.id))
    expect(ratings.map((r) => r.rating)).toEqual(['excellent'])
    await expect(answerFollowUp(link, { talksStarted: true, agreementReached: false })).rejects.toMatchObject({ code: 'notFound' })

    expect(await sweep(plus(3, 1))).toBe(2)
    expect(await sweep(plus(6, 1))).toBe(2)
    expect(await sweep(plus(12, 1))).toBe(2)
    expect(await sweep(plus(12, 2))).toBe(0)
    const sixMonths = (await notificationsFor(meeting.id)).find((n) => n.kind === 'b2b.follow-up' && n.data.months === 6 && n.data.companyId === buyer.company.id)!
    if (sixMonths.kind !== 'b2b.follow-up') throw new Error('unreachable')
    await answerFollowUp(sixMonths.data.token, { talksStarted: true, agreementReached: true, estimatedValueUsd: 25_000 })
    const stored = await followUpOf(sixMonths.data.token)
    expect(stored).toMatchObject({ months: 6, otherCompany: 'Rhums Bellevue', answer: { talksStarted: true, agreementReached: true, estimatedValueUsdMinor: 2_500_000 } })
    const rows = await getDb().select().from(meetingFollowUps).where(eq(meetingFollowUps.meetingId, meeting.id))
    expect(rows.map((r) => r.months).sort((a, b) => a - b)).toEqual([0, 0, 3, 3, 6, 6, 12, 12])
  })
})

async function anyUser(organisationId: string) {
  const { users } = await import('#db/schema/index')
  const [row] = await getDb().select({ id: users.id }).from(users).limit(1)
  if (row) return row.id
  const [created] = await getDb().insert(users).values({ organisationId, email: `b2b-${Date.now()}@test.example`, name: 'Organiser' }).returning({ id: users.id })
  return created.id
}
