/**
 * Demo data for delegation logistics on the demo delegation to Miami: two companies with three
 * delegates, their travel identity (encrypted, as the services write it), flights from
 * Fort-de-France, an arrival wave at MIA, a hotel block with rooms and assignments, so
 * `npm run dev` shows the logistics page, the rooming list and each delegate's itinerary.
 * Everything goes through the services. Idempotent: skipped once the event has a hotel block.
 */
import { eq, sql } from 'drizzle-orm'
import type { Database } from './client'
import { attendees, events, hotelBlocks, questions, ticketTypes, userRoles, users } from './schema/index'

const COMPANIES = [
  { name: 'Épices de Sainte-Anne', email: 'contact@epices-sainte-anne.example', people: [['Sylvie', 'Bellance', '19LK83421'], ['Marc', 'Ursulet', '17KD10293']] },
  { name: 'Madinina Solaire', email: 'bonjour@madinina-solaire.example', people: [['Rodrigue', 'Celma', '20FA55667']] },
] as const

export async function seedDemoDelegation(db: Database): Promise<boolean> {
  const [event] = await db.select().from(events).where(sql`${events.slug} like 'delegation-miami%' and ${events.startsAt} > now()`).orderBy(events.startsAt).limit(1)
  if (!event) return false
  const [done] = await db.select({ id: hotelBlocks.id }).from(hotelBlocks).where(eq(hotelBlocks.eventId, event.id)).limit(1)
  if (done) return false
  const [ticket] = await db.select({ id: ticketTypes.id }).from(ticketTypes).where(eq(ticketTypes.eventId, event.id)).orderBy(ticketTypes.position).limit(1)
  const [organiser] = await db.select({ id: users.id }).from(users).innerJoin(userRoles, eq(userRoles.userId, users.id)).where(sql`${users.organisationId} = ${event.organisationId} and ${userRoles.role} = 'admin'`).limit(1)
  if (!ticket || !organiser) return false
  const { registerCompany } = await import('../app/modules/registration/intake.server')
  const { saveIdentity, saveDelegationSettings, ensureDelegates } = await import('../app/modules/delegations/identity.server')
  const { addFlight, addWave } = await import('../app/modules/delegations/travel.server')
  const { addBlock, addRoom, assignRoom } = await import('../app/modules/delegations/hotel.server')
  const { DateTime } = await import('luxon')

  const qs = await db.select({ id: questions.id, kind: questions.kind, required: questions.required }).from(questions).where(eq(questions.eventId, event.id))
  const start = DateTime.fromJSDate(event.startsAt, { zone: event.timezone })
  const end = DateTime.fromJSDate(event.endsAt, { zone: event.timezone })
  const arrival = start.minus({ days: 1 })
  const back = end.plus({ days: 1 })
  const local = (d: typeof start, time: string) => `${d.toISODate()}T${time}`

  await saveDelegationSettings(db, event.id, { returnDate: back.toISODate()!, organiserPhone: '+596 696 12 34 56' })
  const delegateIds: string[] = []
  for (const company of COMPANIES) {
    const result = await registerCompany(
      {
        eventId: event.id,
        locale: 'fr',
        tickets: [{ ticketTypeId: ticket.id, quantity: company.people.length }],
        company: { name: company.name, city: 'Fort-de-France', country: 'MQ', exportInterests: ['US'], contactName: `${company.people[0][0]} ${company.people[0][1]}`, contactEmail: company.email },
        attendees: company.people.map(([firstName, lastName]) => ({ ticketTypeId: ticket.id, firstName, lastName, email: `${firstName.toLowerCase()}@${company.email.split('@')[1]}`, jobTitle: 'Dirigeant', locale: 'fr' as const })),
        answers: Object.fromEntries(qs.filter((q) => q.kind === 'text').map((q) => [q.id, 'Produits locaux'])),
        eligibility: {},
        privacyAccepted: true,
        listingConsent: true,
        paymentMethod: 'invoice',
      },
      { db },
    )
    const rows = await db.select({ id: attendees.id, lastName: attendees.lastName }).from(attendees).where(eq(attendees.registrationId, result.registrationId))
    await ensureDelegates(db, event.id)
    for (const [firstName, lastName, passport] of company.people) {
      const id = rows.find((r) => r.lastName === lastName)!.id
      delegateIds.push(id)
      await saveIdentity(db, { id: organiser.id, organisationId: event.organisationId, roles: ['admin'] }, event.id, {
        attendeeId: id,
        passportName: `${lastName.toUpperCase()} ${firstName.toUpperCase()}`,
        passportNumber: passport,
        passportCountry: 'FR',
        passportExpiry: lastName === 'Celma' ? back.plus({ months: 3 }).toISODate()! : '2031-05-31',
        nationality: 'FR',
        birthDate: '1972-04-18',
        travelAuthorisationKind: lastName === 'Ursulet' ? undefined : 'esta',
        travelAuthorisationNumber: lastName === 'Ursulet' ? undefined : `Y${passport.slice(-6)}0421`,
        travelAuthorisationValidUntil: lastName === 'Ursulet' ? undefined : '2028-09-30',
      })
      await addFlight(db, event.id, { attendeeId: id, carrier: 'American Airlines', flightNumber: 'AA1236', fromAirport: 'FDF', toAirport: 'MIA', departsLocal: local(arrival, '10:05'), arrivesLocal: local(arrival, '12:50'), bookingReference: 'QX7R2P' })
      await addFlight(db, event.id, { attendeeId: id, carrier: 'American Airlines', flightNumber: 'AA1237', fromAirport: 'MIA', toAirport: 'FDF', departsLocal: local(back, '14:20'), arrivesLocal: local(back, '18:55'), bookingReference: 'QX7R2P' })
    }
  }
  await addWave(db, event.id, { label: 'Vague 1 — vol AA1236', airport: 'MIA', windowStartLocal: local(arrival, '12:00'), windowEndLocal: local(arrival, '14:00'), vehicle: 'Minibus 15 places — Miami Shuttle' })
  const block = await addBlock(db, event.id, { hotelName: 'Brickell Bay Hotel (démo)', address: '501 Brickell Key Dr, Miami, FL 33131', phone: '+1 305 555 0142', checkIn: arrival.toISODate()!, checkOut: back.toISODate()!, cutOffDate: arrival.minus({ days: 30 }).toISODate()! })
  const r101 = await addRoom(db, event.id, { blockId: block.id, roomType: 'Double / Double', label: '101', beds: 2 })
  const r102 = await addRoom(db, event.id, { blockId: block.id, roomType: 'King', label: '102', beds: 1 })
  await addRoom(db, event.id, { blockId: block.id, roomType: 'King', label: '103', beds: 1 })
  const stay = { arrivalDate: arrival.toISODate()!, departureDate: back.toISODate()! }
  await assignRoom(db, event.id, { roomId: r101.id, attendeeId: delegateIds[0], ...stay, billing: 'Épices de Sainte-Anne' })
  await assignRoom(db, event.id, { roomId: r101.id, attendeeId: delegateIds[1], ...stay, billing: 'Épices de Sainte-Anne' })
  await assignRoom(db, event.id, { roomId: r102.id, attendeeId: delegateIds[2], ...stay, specialRequests: 'Étage élevé, non-fumeur', billing: 'Madinina Solaire' })
  return true
}
