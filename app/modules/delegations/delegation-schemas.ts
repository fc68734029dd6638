import { z } from 'zod'
import { fieldError } from '~/utils/schema-errors'
import { TRAVEL_AUTHORISATION_KINDS } from '#db/schema/delegations'

const required = 'errors.field.required'
const text = (max = 200) => z.string(fieldError({ missing: required })).trim().min(1, required).max(max, 'errors.field.tooLong')
const optionalText = (max = 200) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max, 'errors.field.tooLong').optional())
const isoDate = z.string(fieldError({ missing: required })).trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.field.invalid')
const optionalDate = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), isoDate.optional())
/** A wall-clock time as a datetime-local input sends it (no zone: the airport's zone applies). */
const localDateTime = z.string(fieldError({ missing: required })).trim().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'errors.field.invalid')
const uuid = z.guid(fieldError({ invalid: 'errors.field.invalid' }))

export const identitySchema = z.object({
  attendeeId: uuid,
  passportName: text(120),
  passportNumber: text(20),
  passportCountry: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'errors.field.invalid'),
  passportExpiry: isoDate,
  nationality: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'errors.field.invalid'),
  birthDate: isoDate,
  travelAuthorisationKind: z.preprocess((v) => (v === '' ? undefined : v), z.enum(TRAVEL_AUTHORISATION_KINDS).optional()),
  travelAuthorisationNumber: optionalText(40),
  travelAuthorisationValidUntil: optionalDate,
})
export type IdentityInput = z.infer<typeof identitySchema>

export const flightSchema = z.object({
  attendeeId: uuid,
  carrier: text(60),
  flightNumber: z.string(fieldError({ missing: required })).trim().toUpperCase().regex(/^[A-Z0-9]{2}\s?\d{1,4}[A-Z]?$/, 'errors.field.invalid'),
  fromAirport: z.string(fieldError({ missing: required })).trim().toUpperCase().regex(/^[A-Z]{3}$/, 'errors.field.invalid'),
  toAirport: z.string(fieldError({ missing: required })).trim().toUpperCase().regex(/^[A-Z]{3}$/, 'errors.field.invalid'),
  departsLocal: localDateTime,
  arrivesLocal: localDateTime,
  bookingReference: optionalText(20),
})
export type FlightInput = z.infer<typeof flightSchema>

export const waveSchema = z.object({
  label: text(80),
  airport: z.string(fieldError({ missing: required })).trim().toUpperCase().regex(/^[A-Z]{3}$/, 'errors.field.invalid'),
  windowStartLocal: localDateTime,
  windowEndLocal: localDateTime,
  vehicle: optionalText(120),
})
export type WaveInput = z.infer<typeof waveSchema>

export const blockSchema = z.object({
  hotelName: text(120),
  address: text(200),
  phone: optionalText(40),
  checkIn: isoDate,
  checkOut: isoDate,
  cutOffDate: optionalDate,
})
export type BlockInput = z.infer<typeof blockSchema>

export const roomSchema = z.object({
  blockId: uuid,
  roomType: text(60),
  label: text(30),
  beds: z.coerce.number({ error: 'errors.field.invalid' }).refine(Number.isInteger, 'errors.field.invalid').min(1, 'errors.field.invalid').max(6, 'errors.field.invalid'),
})
export type RoomInput = z.infer<typeof roomSchema>

export const assignmentSchema = z.object({
  roomId: uuid,
  attendeeId: uuid,
  arrivalDate: isoDate,
  departureDate: isoDate,
  specialRequests: optionalText(300),
  billing: optionalText(120),
})
export type AssignmentInput = z.infer<typeof assignmentSchema>

export const settingsSchema = z.object({
  returnDate: optionalDate,
  organiserPhone: optionalText(40),
})
export type SettingsInput = z.infer<typeof settingsSchema>

export const idSchema = z.object({ id: uuid })
