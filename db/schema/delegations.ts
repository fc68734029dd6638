import { sql } from 'drizzle-orm'
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps, timestamptz, createdAt } from './_columns'
import { users } from './auth'
import { events } from './events'
import { attendees } from './registrations'

/**
 * Delegation logistics (decision 019): a delegation is an event of kind `delegation`; its
 * delegates are the event's attendees. Travel identity is encrypted per field (AES-256-GCM,
 * `enc:v1:…` strings written by app/modules/delegations/crypto.server.ts): never plain text here.
 */

/** The organiser's logistics settings of one delegation event (one row, created on first use). */
export const delegationSettings = pgTable('delegation_settings', {
  eventId: uuid()
    .primaryKey()
    .references(() => events.id, { onDelete: 'cascade' }),
  /** Date the delegation flies home (ESTA and passport rules are checked against it). */
  returnDate: date({ mode: 'string' }),
  /** The organiser's phone on site, printed on the mission sheet. */
  organiserPhone: text(),
  ...timestamps,
})

export const TRAVEL_AUTHORISATION_KINDS = ['esta', 'visa'] as const
export type TravelAuthorisationKind = (typeof TRAVEL_AUTHORISATION_KINDS)[number]

/** A delegate's travel identity. Every `*Enc` column holds ciphertext only (personal data). */
export const delegates = pgTable(
  'delegate',
  {
    attendeeId: uuid()
      .primaryKey()
      .references(() => attendees.id, { onDelete: 'cascade' }),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    passportNameEnc: text(),
    passportNumberEnc: text(),
    passportCountryEnc: text(),
    passportExpiryEnc: text(),
    nationalityEnc: text(),
    birthDateEnc: text(),
    travelAuthorisationKindEnc: text(),
    travelAuthorisationNumberEnc: text(),
    travelAuthorisationValidUntilEnc: text(),
    /** Not secret: whether the identity is complete, for the organiser's list without decrypting. */
    identityComplete: integer().notNull().default(0),
    identityUpdatedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [index().on(t.eventId)],
)

/** One flight segment of a delegate; times are instants, airports IATA codes of the shipped list. */
export const flightSegments = pgTable(
  'flight_segment',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    attendeeId: uuid()
      .notNull()
      .references(() => attendees.id, { onDelete: 'cascade' }),
    carrier: text().notNull(),
    flightNumber: text().notNull(),
    fromAirport: text().notNull(),
    toAirport: text().notNull(),
    departsAt: timestamptz().notNull(),
    arrivesAt: timestamptz().notNull(),
    bookingReference: text(),
    ...timestamps,
  },
  (t) => [index().on(t.eventId, t.arrivesAt), index().on(t.attendeeId), check('flight_segment_lands_after_take_off', sql`${t.arrivesAt} > ${t.departsAt}`)],
)

/** A transfer wave: every delegate landing at `airport` inside the window rides `vehicle`. */
export const transferWaves = pgTable(
  'transfer_wave',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    label: text().notNull(),
    airport: text().notNull(),
    windowStart: timestamptz().notNull(),
    windowEnd: timestamptz().notNull(),
    vehicle: text(),
    ...timestamps,
  },
  (t) => [index().on(t.eventId, t.windowStart), check('transfer_wave_window', sql`${t.windowEnd} > ${t.windowStart}`)],
)

/** A hotel room block of the delegation. */
export const hotelBlocks = pgTable(
  'hotel_block',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    hotelName: text().notNull(),
    address: text().notNull(),
    phone: text(),
    /** First night of the block (check-in date) and check-out date. */
    checkIn: date({ mode: 'string' }).notNull(),
    checkOut: date({ mode: 'string' }).notNull(),
    cutOffDate: date({ mode: 'string' }),
    ...timestamps,
  },
  (t) => [index().on(t.eventId), check('hotel_block_dates', sql`${t.checkOut} > ${t.checkIn}`)],
)

/** One room of a block, with the number of beds (people) it takes. */
export const hotelRooms = pgTable(
  'hotel_room',
  {
    id: id(),
    blockId: uuid()
      .notNull()
      .references(() => hotelBlocks.id, { onDelete: 'cascade' }),
    roomType: text().notNull(),
    label: text().notNull(),
    beds: integer().notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('hotel_room_block_label_key').on(t.blockId, t.label), check('hotel_room_beds', sql`${t.beds} between 1 and 6`)],
)

/** A delegate in a room (one room per delegate and event); sharing = several rows on one room. */
export const roomAssignments = pgTable(
  'room_assignment',
  {
    id: id(),
    roomId: uuid()
      .notNull()
      .references(() => hotelRooms.id, { onDelete: 'cascade' }),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    attendeeId: uuid()
      .notNull()
      .references(() => attendees.id, { onDelete: 'cascade' }),
    arrivalDate: date({ mode: 'string' }).notNull(),
    departureDate: date({ mode: 'string' }).notNull(),
    specialRequests: text(),
    billing: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('room_assignment_attendee_key').on(t.eventId, t.attendeeId),
    index().on(t.roomId),
    check('room_assignment_dates', sql`${t.departureDate} > ${t.arrivalDate}`),
  ],
)

export type RoomingRow = {
  key: string
  guest: string
  arrival: string
  departure: string
  roomType: string
  room: string
  sharingWith: string
  specialRequests: string
  billing: string
}

/** A rooming list as it was sent to the hotel: the next export shows the changes since. */
export const roomingListSends = pgTable(
  'rooming_list_send',
  {
    id: id(),
    blockId: uuid()
      .notNull()
      .references(() => hotelBlocks.id, { onDelete: 'cascade' }),
    sentByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    rows: jsonb().$type<RoomingRow[]>().notNull(),
    sentAt: createdAt(),
  },
  (t) => [index().on(t.blockId, t.sentAt)],
)
