/**
 * Zod schemas shared by the registration forms (parsed with conform's `parseWithZod`) and the
 * service (parsed again before any write). Messages are catalogue keys under
 * `registration.validation.*`, so errors show in the reader's language.
 */
import { z } from 'zod'
import { fieldError } from '~/utils/schema-errors'
import { hasNoControlCharacters, isHttpUrl, isOneLine } from '~/utils/text'

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)

const requiredText = (max: number) =>
  z.string({ error: 'required' }).trim().min(1, 'required').max(max, 'tooLong').refine(isOneLine, 'lineBreak').refine(hasNoControlCharacters, 'controlCharacters')

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, 'tooLong').refine(isOneLine, 'lineBreak').refine(hasNoControlCharacters, 'controlCharacters').optional())
/** What a textarea edits: line breaks allowed, other control characters not. */
const optionalLongText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, 'tooLong').refine(hasNoControlCharacters, 'controlCharacters').optional())

export const emailSchema = z
  .string({ error: 'required' })
  .trim()
  .min(1, 'required')
  .max(254, 'tooLong')
  .regex(z.regexes.email, 'email')
  .transform((value) => value.toLowerCase())

const localeSchema = z.enum(['fr', 'en'], { error: 'invalid' })

const uuidSchema = z.guid(fieldError({ missing: 'invalid', invalid: 'invalid' }))

export const attendeeInputSchema = z.object({
  ticketTypeId: uuidSchema,
  firstName: requiredText(100),
  lastName: requiredText(100),
  email: emailSchema,
  jobTitle: optionalText(150),
  phone: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(40, 'tooLong')
      .regex(/^\+?[0-9 ().-]{6,}$/, 'phone')
      .optional(),
  ),
  locale: z.preprocess((v) => blankToUndefined(v) ?? 'fr', localeSchema),
  needs: optionalLongText(500),
})
export type AttendeeInput = z.infer<typeof attendeeInputSchema>

/** The changeable details of a delegate (self-service, until the cut-off). */
export const attendeeChangeSchema = attendeeInputSchema.omit({ ticketTypeId: true })
export type AttendeeChange = z.infer<typeof attendeeChangeSchema>

export const companyInputSchema = z.object({
  name: requiredText(200),
  /** SIRET (14 digits), SIREN (9) or another country's number: letters, digits, spaces, . - / */
  registrationNumber: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(40, 'tooLong')
      .regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'registrationNumber')
      .optional(),
  ),
  sector: optionalText(120),
  website: z.preprocess(
    (v) => {
      const value = blankToUndefined(v)
      return typeof value === 'string' && !/^https?:\/\//i.test(value.trim()) ? `https://${value.trim()}` : value
    },
    z.string().trim().max(300, 'tooLong').refine(isHttpUrl, 'website').optional(),
  ),
  addressLine: optionalText(300),
  postalCode: optionalText(20),
  city: optionalText(120),
  country: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
    z.string(fieldError({ missing: 'required' })).regex(/^[A-Z]{2}$/, 'country'),
  ),
  description: optionalLongText(1000),
  /** Target markets, typed comma-separated in the form. */
  exportInterests: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : (v ?? []),
    z.array(z.string().max(80, 'tooLong').refine(isOneLine, 'lineBreak').refine(hasNoControlCharacters, 'controlCharacters')).max(20, 'tooLong'),
  ),
  contactName: requiredText(200),
  contactEmail: emailSchema,
})
export type CompanyInput = z.infer<typeof companyInputSchema>

export const ticketQuantitySchema = z.object({
  ticketTypeId: uuidSchema,
  quantity: z.coerce.number({ error: 'number' }).refine(Number.isInteger, 'number').min(0, 'quantity').max(50, 'quantity'),
})

export const registerInputSchema = z
  .object({
    eventId: uuidSchema,
    locale: z.preprocess((v) => blankToUndefined(v) ?? 'fr', localeSchema),
    tickets: z.array(ticketQuantitySchema).min(1, 'nothingSelected'),
    code: z.preprocess(blankToUndefined, z.string().trim().max(64, 'tooLong').optional()),
    /** A waiting-list offer being claimed (its seats are set aside for this registration). */
    offerToken: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
    company: companyInputSchema,
    attendees: z.array(attendeeInputSchema).min(1, 'nothingSelected').max(50, 'tooLong'),
    /** Answers to the event's questions, by question id (checked against the event by the service). */
    answers: z.preprocess((v) => v ?? {}, z.record(z.string(), z.union([z.string().max(2000, 'tooLong').refine(hasNoControlCharacters, 'controlCharacters'), z.boolean()]))),
    /** Answers to a funder code's eligibility questions, by key. */
    eligibility: z.preprocess((v) => v ?? {}, z.record(z.string(), z.union([z.string().max(500, 'tooLong').refine(hasNoControlCharacters, 'controlCharacters'), z.boolean()]))),
    privacyAccepted: z.preprocess(
      (v) => v === true || v === 'on' || v === 'true',
      z.literal(true, { error: 'privacy' }),
    ),
    listingConsent: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()),
    paymentMethod: z.preprocess(blankToUndefined, z.enum(['card', 'invoice'], { error: 'invalid' }).optional()),
  })
  .superRefine((input, ctx) => {
    const wanted = new Map<string, number>()
    for (const line of input.tickets) wanted.set(line.ticketTypeId, (wanted.get(line.ticketTypeId) ?? 0) + line.quantity)
    const given = new Map<string, number>()
    for (const a of input.attendees) given.set(a.ticketTypeId, (given.get(a.ticketTypeId) ?? 0) + 1)
    const ids = new Set([...wanted.keys(), ...given.keys()])
    for (const id of ids) {
      if ((wanted.get(id) ?? 0) !== (given.get(id) ?? 0)) {
        ctx.addIssue({ code: 'custom', path: ['attendees'], message: 'attendeeMismatch' })
        return
      }
    }
  })
export type RegisterInput = z.infer<typeof registerInputSchema>

export const waitlistInputSchema = z.object({
  eventId: uuidSchema,
  ticketTypeId: uuidSchema,
  quantity: z.coerce.number({ error: 'number' }).refine(Number.isInteger, 'number').min(1, 'quantity').max(10, 'quantity'),
  name: requiredText(200),
  email: emailSchema,
  companyName: optionalText(200),
  locale: z.preprocess((v) => blankToUndefined(v) ?? 'fr', localeSchema),
})
export type WaitlistInput = z.infer<typeof waitlistInputSchema>

export const addAttendeesSchema = z.object({
  attendees: z.array(attendeeInputSchema).min(1, 'nothingSelected').max(20, 'tooLong'),
})

export const companySignInSchema = z.object({ email: emailSchema })
