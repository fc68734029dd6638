import { and, asc, desc, eq, or, inArray } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import {
  attendees,
  auditEntries,
  companies,
  emailMessages,
  events,
  invoices,
  payments,
  questions,
  refunds,
  registrations,
  ticketTypes,
} from '#db/schema/index'
import type { SessionUser } from '~/modules/auth/session.server'
import { Refusal } from '~/utils/refusal'

/** Everything an organiser needs about one booking: company, people, answers, money, mails, history. */
export async function loadRegistrationDetail(db: DbOrTx, user: SessionUser, registrationId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(registrationId)) throw new Refusal('notFound')
  const [row] = await db
    .select({ registration: registrations, company: companies, event: { id: events.id, title: events.title, timezone: events.timezone } })
    .from(registrations)
    .innerJoin(companies, eq(companies.id, registrations.companyId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(and(eq(registrations.id, registrationId), eq(events.organisationId, user.organisationId)))
  if (!row) throw new Refusal('notFound')
  const [people, eventQuestions, eventTicketTypes, paymentRows, refundRows, invoiceRows, mails] = await Promise.all([
    db
      .select({
        id: attendees.id,
        firstName: attendees.firstName,
        lastName: attendees.lastName,
        email: attendees.email,
        jobTitle: attendees.jobTitle,
        phone: attendees.phone,
        locale: attendees.locale,
        needs: attendees.needs,
        status: attendees.status,
        checkedInAt: attendees.checkedInAt,
        ticketTypeId: attendees.ticketTypeId,
        ticketTypeName: ticketTypes.name,
        priceMinor: attendees.priceMinor,
      })
      .from(attendees)
      .innerJoin(ticketTypes, eq(ticketTypes.id, attendees.ticketTypeId))
      .where(eq(attendees.registrationId, registrationId))
      .orderBy(asc(attendees.lastName)),
    db.select({ id: questions.id, label: questions.label }).from(questions).where(eq(questions.eventId, row.event.id)),
    db
      .select({ id: ticketTypes.id, name: ticketTypes.name, priceMinor: ticketTypes.priceMinor })
      .from(ticketTypes)
      .where(and(eq(ticketTypes.eventId, row.event.id), eq(ticketTypes.active, true)))
      .orderBy(asc(ticketTypes.position), asc(ticketTypes.createdAt)),
    db.select().from(payments).where(eq(payments.registrationId, registrationId)).orderBy(asc(payments.createdAt)),
    db.select().from(refunds).where(eq(refunds.registrationId, registrationId)).orderBy(asc(refunds.createdAt)),
    db
      .select({ id: invoices.id, number: invoices.number, kind: invoices.kind, totalMinor: invoices.totalMinor, currency: invoices.currency, issuedAt: invoices.issuedAt, dueAt: invoices.dueAt })
      .from(invoices)
      .where(eq(invoices.registrationId, registrationId))
      .orderBy(asc(invoices.issuedAt)),
    db
      .select({ id: emailMessages.id, template: emailMessages.template, toAddress: emailMessages.toAddress, subject: emailMessages.subject, status: emailMessages.status, sentAt: emailMessages.sentAt, createdAt: emailMessages.createdAt, lastError: emailMessages.lastError })
      .from(emailMessages)
      .where(eq(emailMessages.registrationId, registrationId))
      .orderBy(desc(emailMessages.createdAt)),
  ])
  const subjectIds = [registrationId, ...people.map((p) => p.id)]
  const history = await db
    .select({ id: auditEntries.id, action: auditEntries.action, actorLabel: auditEntries.actorLabel, createdAt: auditEntries.createdAt, data: auditEntries.data })
    .from(auditEntries)
    .where(or(and(eq(auditEntries.subjectType, 'registration'), eq(auditEntries.subjectId, registrationId)), inArray(auditEntries.subjectId, subjectIds)))
    .orderBy(desc(auditEntries.createdAt))
    .limit(200)
  return {
    registration: row.registration,
    company: row.company,
    event: row.event,
    attendees: people,
    /** Where an organiser may move a delegate. */
    ticketTypes: eventTicketTypes,
    answers: eventQuestions.map((q) => ({ id: q.id, label: q.label, value: row.registration.answers[q.id] ?? null })),
    payments: paymentRows,
    refunds: refundRows,
    invoices: invoiceRows,
    mails,
    history,
  }
}
