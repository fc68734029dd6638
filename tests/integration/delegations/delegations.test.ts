import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, inject, it } from 'vitest'
import ICAL from 'ical.js'
import { createDatabase, getDb } from '#db/client'
import { auditEntries } from '#db/schema/index'
import { decryptField, encryptField } from '~/modules/delegations/crypto.server'
import { revealIdentity, saveIdentity, listDelegates, type DelegationActor } from '~/modules/delegations/identity.server'
import { addFlight, addWave } from '~/modules/delegations/travel.server'
import { addBlock, addRoom, assignRoom, diffRooming, markRoomingSent, roomingWithChanges } from '~/modules/delegations/hotel.server'
import { feedToken, itineraryFeed, itineraryOf } from '~/modules/delegations/itinerary.server'
import { Refusal } from '~/utils/refusal'
import { createDelegation, joinDelegation, organisationOf } from './fixtures'

const identity = (attendeeId: string) => ({
  attendeeId,
  passportName: 'MARIE-SAINTE JOSIANE',
  passportNumber: '18AB12345',
  passportCountry: 'FR',
  passportExpiry: '2030-01-31',
  nationality: 'FR',
  birthDate: '1975-06-14',
  travelAuthorisationKind: 'esta' as const,
  travelAuthorisationNumber: 'Y1234567890',
  travelAuthorisationValidUntil: '2028-01-01',
})

async function actors(eventId: string) {
  const organisationId = await organisationOf(eventId)
  const [u] = await getDb().execute<{ id: string }>(sql`insert into user_account (organisation_id, email, name) values (${organisationId}, ${`logistics-${eventId}@test.example`}, 'Logistics') returning id`)
  const make = (roles: DelegationActor['roles']): DelegationActor => ({ id: u.id, organisationId, roles })
  return { logistics: make(['logistics']), organiser: make(['organiser']), checkIn: make(['check_in']) }
}

async function refusalOf(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    if (error instanceof Refusal) return error.code
    throw error
  }
  return 'ok'
}

describe('travel identity encryption', () => {
  it('round-trips a field and refuses it on another record or field', () => {
    const stored = encryptField('18AB12345', 'passportNumber', 'a')!
    expect(stored).toMatch(/^enc:v1:/)
    expect(stored).not.toContain('18AB12345')
    expect(decryptField(stored, 'passportNumber', 'a')).toBe('18AB12345')
    expect(() => decryptField(stored, 'passportNumber', 'b')).toThrow()
    expect(() => decryptField(stored, 'birthDate', 'a')).toThrow()
  })

  it('keeps no plain passport number in the database, and decrypts it for logistics only (audited)', async () => {
    const event = await createDelegation()
    const { attendeeIds } = await joinDelegation(event)
    const who = await actors(event.id)
    await saveIdentity(getDb(), who.logistics, event.id, identity(attendeeIds[0]))
    const raw = await getDb().execute<Record<string, string>>(sql`select * from delegate where attendee_id = ${attendeeIds[0]}`)
    const text = JSON.stringify(raw[0])
    expect(text).not.toContain('18AB12345')
    expect(text).not.toContain('1975-06-14')
    expect(raw[0].passport_number_enc).toMatch(/^enc:v1:/)
    const [{ n }] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from delegate where passport_number_enc like '%18AB12345%' or passport_name_enc like '%JOSIANE%'`)
    expect(n).toBe(0)

    const revealed = await revealIdentity(getDb(), who.logistics, event.id, attendeeIds[0])
    expect(revealed.passportNumber).toBe('18AB12345')
    const audits = await getDb().select().from(auditEntries).where(and(eq(auditEntries.subjectId, attendeeIds[0]), eq(auditEntries.action, 'delegate.identity_revealed')))
    expect(audits).toHaveLength(1)

    // Organisers and check-in staff: refused, and the list shows a mask only.
    expect(await refusalOf(revealIdentity(getDb(), who.organiser, event.id, attendeeIds[0]))).toBe('travelDataForbidden')
    expect(await refusalOf(saveIdentity(getDb(), who.checkIn, event.id, identity(attendeeIds[0])))).toBe('travelDataForbidden')
    const [row] = await listDelegates(getDb(), who.organiser, event.id)
    expect(row.passportMasked).not.toContain('345')
    const [forLogistics] = await listDelegates(getDb(), who.logistics, event.id)
    expect(forLogistics.passportMasked.endsWith('45')).toBe(true)
  })

  it('refuses a passport number in the wrong shape for its country, and an expired passport, with nothing saved', async () => {
    const event = await createDelegation()
    const { attendeeIds } = await joinDelegation(event)
    const who = await actors(event.id)
    expect(await refusalOf(saveIdentity(getDb(), who.logistics, event.id, { ...identity(attendeeIds[0]), passportNumber: 'ABC' }))).toBe('passportNumberShape')
    expect(await refusalOf(saveIdentity(getDb(), who.logistics, event.id, { ...identity(attendeeIds[0]), passportExpiry: '2020-01-01' }))).toBe('passportExpired')
    const raw = await getDb().execute<{ enc: string | null }>(sql`select passport_number_enc as enc from delegate where attendee_id = ${attendeeIds[0]}`)
    expect(raw[0].enc).toBeNull()
  })
})

describe('flights and waves', () => {
  it('stores local times as instants and refuses impossible flights and unknown airports', async () => {
    const event = await createDelegation()
    const { attendeeIds } = await joinDelegation(event)
    const flight = await addFlight(getDb(), event.id, { attendeeId: attendeeIds[0], carrier: 'American Airlines', flightNumber: 'AA 1234', fromAirport: 'FDF', toAirport: 'MIA', departsLocal: '2027-03-09T10:05', arrivesLocal: '2027-03-09T12:50' })
    // FDF is UTC−4 all year; Miami is UTC−5 on 9 March 2027 (EST).
    expect(flight.departsAt.toISOString()).toBe('2027-03-09T14:05:00.000Z')
    expect(flight.arrivesAt.toISOString()).toBe('2027-03-09T17:50:00.000Z')
    expect(await refusalOf(addFlight(getDb(), event.id, { attendeeId: attendeeIds[0], carrier: 'X', flightNumber: 'AA1', fromAirport: 'XXX', toAirport: 'MIA', departsLocal: '2027-03-09T10:05', arrivesLocal: '2027-03-09T12:50' }))).toBe('unknownAirport')
    // Lands at 10:30 Miami (15:30 UTC) after taking off at 11:00 Martinique (15:00 UTC)? No: 10:30 Miami is 15:30 UTC; try 09:30 Miami = 14:30 UTC.
    expect(await refusalOf(addFlight(getDb(), event.id, { attendeeId: attendeeIds[0], carrier: 'X', flightNumber: 'AA1', fromAirport: 'FDF', toAirport: 'MIA', departsLocal: '2027-03-09T11:00', arrivesLocal: '2027-03-09T09:30' }))).toBe('flightLandsBeforeTakeOff')
    // 02:30 on 14 March 2027 does not exist in Miami (clocks jump to 03:00).
    expect(await refusalOf(addWave(getDb(), event.id, { label: 'Night', airport: 'MIA', windowStartLocal: '2027-03-14T02:30', windowEndLocal: '2027-03-14T05:00' }))).toBe('impossibleDate')
  })
})

describe('rooms', () => {
  it('two concurrent assignments to the last bed leave one', async () => {
    const pglite = inject('databaseKind') === 'pglite'
    const second = createDatabase(inject('databaseUrl'), { max: pglite ? 2 : 5, applicationName: 'delegation-race-second-pool' })
    try {
      const event = await createDelegation()
      const { attendeeIds } = await joinDelegation(event, 3)
      const block = await addBlock(getDb(), event.id, { hotelName: 'Brickell Bay Hotel', address: '1 Brickell Ave, Miami', checkIn: '2027-03-09', checkOut: '2027-03-13' })
      const room = await addRoom(getDb(), event.id, { blockId: block.id, roomType: 'Double', label: '101', beds: 2 })
      await assignRoom(getDb(), event.id, { roomId: room.id, attendeeId: attendeeIds[0], arrivalDate: '2027-03-09', departureDate: '2027-03-13' })
      const results = await Promise.allSettled([
        assignRoom(getDb(), event.id, { roomId: room.id, attendeeId: attendeeIds[1], arrivalDate: '2027-03-09', departureDate: '2027-03-13' }),
        assignRoom(second.db, event.id, { roomId: room.id, attendeeId: attendeeIds[2], arrivalDate: '2027-03-09', departureDate: '2027-03-13' }),
      ])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
      expect(['roomFull', 'busy']).toContain((rejected.reason as Refusal).code)
      const [{ n }] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from room_assignment where room_id = ${room.id}`)
      expect(n).toBe(2)
    } finally {
      await second.sql.end({ timeout: 5 })
    }
  })

  it('the rooming list shows what changed since the last list sent', async () => {
    const event = await createDelegation()
    const { attendeeIds } = await joinDelegation(event, 3)
    const who = await actors(event.id)
    const block = await addBlock(getDb(), event.id, { hotelName: 'Brickell Bay Hotel', address: '1 Brickell Ave, Miami', checkIn: '2027-03-09', checkOut: '2027-03-13' })
    const r1 = await addRoom(getDb(), event.id, { blockId: block.id, roomType: 'Double', label: '101', beds: 2 })
    const r2 = await addRoom(getDb(), event.id, { blockId: block.id, roomType: 'King', label: '102', beds: 1 })
    await assignRoom(getDb(), event.id, { roomId: r1.id, attendeeId: attendeeIds[0], arrivalDate: '2027-03-09', departureDate: '2027-03-13' })
    await assignRoom(getDb(), event.id, { roomId: r2.id, attendeeId: attendeeIds[1], arrivalDate: '2027-03-09', departureDate: '2027-03-13', specialRequests: '=HYPERLINK("x")' })
    let list = await roomingWithChanges(getDb(), event.id, block.id)
    expect(list.rows.map((r) => r.change)).toEqual(['new', 'new'])
    await markRoomingSent(getDb(), event.id, block.id, who.logistics.id)
    // Change one, add one.
    await assignRoom(getDb(), event.id, { roomId: r2.id, attendeeId: attendeeIds[1], arrivalDate: '2027-03-08', departureDate: '2027-03-13' })
    await assignRoom(getDb(), event.id, { roomId: r1.id, attendeeId: attendeeIds[2], arrivalDate: '2027-03-09', departureDate: '2027-03-13' })
    list = await roomingWithChanges(getDb(), event.id, block.id)
    const byKey = new Map(list.rows.map((r) => [r.row.key, r.change]))
    expect(byKey.get(attendeeIds[1])).toBe('changed')
    expect(byKey.get(attendeeIds[2])).toBe('new')
    // attendee 0 now shares with attendee 2: the "sharing with" column changed too.
    expect(byKey.get(attendeeIds[0])).toBe('changed')
    expect(diffRooming([], list.rows.map((r) => r.row)).every((r) => r.change === 'cancelled')).toBe(true)
    expect(await refusalOf(assignRoom(getDb(), event.id, { roomId: r1.id, attendeeId: attendeeIds[0], arrivalDate: '2027-03-13', departureDate: '2027-03-09' }))).toBe('departureBeforeArrival')
  })
})

describe('itinerary feed', () => {
  it('is a valid calendar with the flight, the transfer and the hotel, with VTIMEZONEs', async () => {
    const event = await createDelegation()
    const { attendeeIds } = await joinDelegation(event)
    const id = attendeeIds[0]
    await addFlight(getDb(), event.id, { attendeeId: id, carrier: 'American Airlines', flightNumber: 'AA1234', fromAirport: 'FDF', toAirport: 'MIA', departsLocal: '2027-03-09T10:05', arrivesLocal: '2027-03-09T12:50' })
    await addWave(getDb(), event.id, { label: 'Vague 1', airport: 'MIA', windowStartLocal: '2027-03-09T12:00', windowEndLocal: '2027-03-09T14:00', vehicle: 'Minibus 12' })
    const block = await addBlock(getDb(), event.id, { hotelName: 'Brickell Bay Hotel', address: '1 Brickell Ave, Miami', checkIn: '2027-03-09', checkOut: '2027-03-13' })
    const room = await addRoom(getDb(), event.id, { blockId: block.id, roomType: 'Double', label: '101', beds: 2 })
    await assignRoom(getDb(), event.id, { roomId: room.id, attendeeId: id, arrivalDate: '2027-03-09', departureDate: '2027-03-13' })
    const entries = await itineraryOf(getDb(), id, 'fr')
    expect(entries.map((e) => e.kind)).toEqual(['flight', 'transfer', 'hotelIn', 'hotelOut'])

    expect(await itineraryFeed(getDb(), `${id}.wrong`)).toBeNull()
    const ics = (await itineraryFeed(getDb(), feedToken(id)))!
    const calendar = new ICAL.Component(ICAL.parse(ics))
    const zones = calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))
    expect(zones).toEqual(expect.arrayContaining(['America/Martinique', 'America/New_York']))
    for (const z of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(z))
    const vevents = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    expect(vevents).toHaveLength(4)
    const flight = vevents.find((v) => v.summary.includes('AA1234'))!
    expect(flight.startDate.toJSDate().toISOString()).toBe('2027-03-09T14:05:00.000Z')
    expect(vevents.some((v) => v.summary.includes('Brickell Bay Hotel'))).toBe(true)
    expect(new Set(vevents.map((v) => v.uid)).size).toBe(4)
  })
})

describe('key rotation', () => {
  it('rewrites values written with an old key so they read with the new one', async () => {
    const { getEnv, setEnv } = await import('~/utils/env.server')
    const { rekeyTravelData } = await import('~/modules/delegations/rekey.server')
    const event = await createDelegation()
    const { attendeeIds } = await joinDelegation(event)
    const who = await actors(event.id)
    const before = getEnv()
    const oldKey = Buffer.alloc(32, 1).toString('base64')
    const newKey = Buffer.alloc(32, 2).toString('base64')
    try {
      setEnv({ ...before, DATA_ENCRYPTION_KEY: oldKey, DATA_ENCRYPTION_OLD_KEYS: undefined })
      await saveIdentity(getDb(), who.logistics, event.id, identity(attendeeIds[0]))
      setEnv({ ...before, DATA_ENCRYPTION_KEY: newKey, DATA_ENCRYPTION_OLD_KEYS: oldKey })
      expect((await revealIdentity(getDb(), who.logistics, event.id, attendeeIds[0])).passportNumber).toBe('18AB12345')
      expect(await rekeyTravelData(getDb(), { eventId: event.id })).toBe(1)
      expect(await rekeyTravelData(getDb(), { eventId: event.id })).toBe(0)
      setEnv({ ...before, DATA_ENCRYPTION_KEY: newKey, DATA_ENCRYPTION_OLD_KEYS: undefined })
      expect((await revealIdentity(getDb(), who.logistics, event.id, attendeeIds[0])).passportNumber).toBe('18AB12345')
    } finally {
      setEnv(before)
    }
  })
})

describe('identity from the management link', () => {
  it('a delegate enters their identity (encrypted, audited); another registration cannot', async () => {
    const { saveIdentityFromManageLink } = await import('~/modules/delegations/identity.server')
    const event = await createDelegation()
    const mine = await joinDelegation(event)
    const other = await joinDelegation(event)
    await saveIdentityFromManageLink(getDb(), mine.registrationId, identity(mine.attendeeIds[0]))
    const raw = await getDb().execute<{ enc: string; complete: number }>(sql`select passport_number_enc as enc, identity_complete as complete from delegate where attendee_id = ${mine.attendeeIds[0]}`)
    expect(raw[0].enc).toMatch(/^enc:v1:/)
    expect(raw[0].complete).toBe(1)
    expect(await refusalOf(saveIdentityFromManageLink(getDb(), other.registrationId, identity(mine.attendeeIds[0])))).toBe('delegateNotFound')
    const audits = await getDb().select().from(auditEntries).where(and(eq(auditEntries.subjectId, mine.attendeeIds[0]), eq(auditEntries.action, 'delegate.identity_saved')))
    expect(audits).toHaveLength(1)
  })
})
