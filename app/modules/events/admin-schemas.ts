import { z } from 'zod'
import { fieldError } from '~/utils/schema-errors'
import { EVENT_KINDS, PROGRAMME_ITEM_KINDS } from '#db/schema/events'
import { CODE_KINDS } from '#db/schema/registrations'
import { hasNoControlCharacters, isOneLine } from '~/utils/text'

/**
 * Back-office event forms. Messages are catalogue keys (`errors.field.*`, `admin.errors.*`):
 * the route translates them in the reader's language next to the field.
 */
const required = 'errors.field.required'
/** One line (titles, names, places); `longText` for what a textarea edits. */
const text = (max: number) => z.string(fieldError({ missing: required })).trim().min(1, required).max(max, 'admin.errors.tooLong').refine(isOneLine, 'errors.field.lineBreak').refine(hasNoControlCharacters, 'errors.field.controlCharacters')
const optionalText = (max: number) => z.string().trim().max(max, 'admin.errors.tooLong').refine(isOneLine, 'errors.field.lineBreak').refine(hasNoControlCharacters, 'errors.field.controlCharacters').optional()
const longText = (max: number) => z.string(fieldError({ missing: required })).trim().min(1, required).max(max, 'admin.errors.tooLong').refine(hasNoControlCharacters, 'errors.field.controlCharacters')
const optionalLongText = (max: number) => z.string().trim().max(max, 'admin.errors.tooLong').refine(hasNoControlCharacters, 'errors.field.controlCharacters').optional()
const localDateTime = z
  .string(fieldError({ missing: required }))
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'admin.errors.dateTime')
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())
const decimal = z
  .string(fieldError({ missing: required }))
  .trim()
  .regex(/^\d{1,7}([.,]\d{1,2})?$/, { error: 'admin.errors.amount', abort: true })
  .transform((v) => Math.round(Number(v.replace(',', '.')) * 100))
const integer = (min: number, max: number) =>
  z.coerce.number({ error: 'errors.field.number' }).refine(Number.isInteger, 'errors.field.number').min(min, 'admin.errors.range').max(max, 'admin.errors.range')

export const TIMEZONES = ['America/New_York', 'America/Martinique', 'America/Guadeloupe', 'Europe/Paris'] as const

export const eventFormSchema = z
  .object({
    slug: z
      .string(fieldError({ missing: required }))
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'admin.errors.slug')
      .max(80, 'admin.errors.tooLong'),
    kind: z.enum(EVENT_KINDS, { error: 'errors.field.invalid' }),
    titleFr: text(160),
    titleEn: text(160),
    summaryFr: longText(400),
    summaryEn: longText(400),
    descriptionFr: longText(8000),
    descriptionEn: longText(8000),
    timezone: z.enum(TIMEZONES, { error: 'errors.field.invalid' }),
    startsLocal: localDateTime,
    endsLocal: localDateTime,
    venueName: text(200),
    venueAddress: text(300),
    venueCity: text(120),
    venueCountry: z.string(fieldError({ missing: required })).trim().regex(/^[A-Z]{2}$/, 'admin.errors.country'),
    currency: z.enum(['EUR', 'USD'], { error: 'errors.field.invalid' }),
    /** Percent as the organiser types it (8.5); stored as basis points (850). */
    taxRatePercent: z
      .string(fieldError({ missing: required }))
      .trim()
      .regex(/^\d{1,2}([.,]\d{1,2})?$/, { error: 'admin.errors.percent', abort: true })
      .transform((v) => Math.round(Number(v.replace(',', '.')) * 100)),
    capacity: z.coerce.number().refine(Number.isInteger, 'errors.field.number').min(0, 'admin.errors.range').max(100000, 'admin.errors.range').optional(),
    approvalRequired: checkbox,
    paymentMethods: z
      .array(z.enum(['card', 'invoice']), { error: 'errors.field.invalid' })
      .default([]),
    /** Hours before the start, comma-separated: "168, 24, 2". */
    reminderHours: z
      .string()
      .trim()
      .regex(/^(\d{1,4}(\s*,\s*\d{1,4})*)?$/, 'admin.errors.reminders')
      .optional(),
    cancellationTermsFr: optionalLongText(4000),
    cancellationTermsEn: optionalLongText(4000),
    /** Set by the confirmation step when a time or place changes. */
    confirmChange: checkbox,
  })
  .superRefine((value, ctx) => {
    if (value.endsLocal < value.startsLocal) {
      ctx.addIssue({ code: 'custom', path: ['endsLocal'], message: 'admin.errors.endsBeforeStart' })
    }
    if (Boolean(value.cancellationTermsFr) !== Boolean(value.cancellationTermsEn)) {
      ctx.addIssue({ code: 'custom', path: ['cancellationTermsEn'], message: 'admin.errors.bothLanguages' })
    }
  })
export type EventForm = z.infer<typeof eventFormSchema>

const programmeItemFields = z.object({
  kind: z.enum(PROGRAMME_ITEM_KINDS, { error: 'errors.field.invalid' }),
  titleFr: text(200),
  titleEn: text(200),
  descriptionFr: optionalLongText(2000),
  descriptionEn: optionalLongText(2000),
  day: z.string(fieldError({ missing: required })).regex(/^\d{4}-\d{2}-\d{2}$/, 'admin.errors.date'),
  startTime: z.string(fieldError({ missing: required })).regex(/^\d{2}:\d{2}$/, 'admin.errors.time'),
  endTime: z.string(fieldError({ missing: required })).regex(/^\d{2}:\d{2}$/, 'admin.errors.time'),
  place: optionalText(200),
  address: optionalText(300),
  contactIds: z.array(z.guid(fieldError({ invalid: 'errors.field.invalid' }))).default([]),
})
const endsAfterStart = (value: { startTime: string; endTime: string }, ctx: z.RefinementCtx) => {
  if (value.endTime < value.startTime) {
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'admin.errors.endsBeforeStart' })
  }
}

export const programmeItemFormSchema = programmeItemFields.superRefine(endsAfterStart)
export type ProgrammeItemForm = z.infer<typeof programmeItemFormSchema>

export const programmeItemEditSchema = programmeItemFields
  .extend({
    itemId: z.guid(fieldError({ missing: required, invalid: 'errors.field.invalid' })),
    /** Set by the confirmation step when a published item's time or place changes. */
    confirmChange: checkbox,
  })
  .superRefine(endsAfterStart)
export type ProgrammeItemEditForm = z.infer<typeof programmeItemEditSchema>

export const ticketTypeFormSchema = z.object({
  nameFr: text(120),
  nameEn: text(120),
  price: decimal,
  maxPerOrder: integer(1, 100),
  hidden: checkbox,
})
export type TicketTypeForm = z.infer<typeof ticketTypeFormSchema>

/** Editing a ticket type: the add form's fields plus description, minimum per registration, sales window, on sale, several per person and display order. */
export const ticketTypeEditSchema = ticketTypeFormSchema
  .extend({
    id: z.guid(fieldError({ missing: required, invalid: 'errors.field.invalid' })),
    descriptionFr: optionalLongText(1000),
    descriptionEn: optionalLongText(1000),
    minPerOrder: integer(0, 100),
    salesStartLocal: localDateTime.optional(),
    salesEndLocal: localDateTime.optional(),
    /** Unticked: withdrawn from sale (kept with its seats; unlike deleting, which only works while unused). */
    active: checkbox,
    allowMultiplePerPerson: checkbox,
    position: integer(0, 1000),
  })
  .superRefine((value, ctx) => {
    if (value.maxPerOrder < value.minPerOrder) {
      ctx.addIssue({ code: 'custom', path: ['maxPerOrder'], message: 'admin.errors.maxBelowMin' })
    }
    if (value.salesStartLocal && value.salesEndLocal && value.salesEndLocal <= value.salesStartLocal) {
      ctx.addIssue({ code: 'custom', path: ['salesEndLocal'], message: 'admin.errors.endsBeforeStart' })
    }
    if (Boolean(value.descriptionFr) !== Boolean(value.descriptionEn)) {
      ctx.addIssue({ code: 'custom', path: ['descriptionEn'], message: 'admin.errors.bothLanguages' })
    }
  })
export type TicketTypeEditForm = z.infer<typeof ticketTypeEditSchema>

export const capacityPoolFormSchema = z.object({
  nameFr: text(120),
  nameEn: text(120),
  size: integer(0, 100000),
  ticketTypeIds: z.array(z.guid(fieldError({ invalid: 'errors.field.invalid' }))).min(1, 'admin.errors.pickTicketType'),
})
export type CapacityPoolForm = z.infer<typeof capacityPoolFormSchema>

/** Editing a pool: its names and size (the ticket types it covers stay as they are). */
export const capacityPoolEditSchema = z.object({
  id: z.guid(fieldError({ missing: required, invalid: 'errors.field.invalid' })),
  nameFr: text(120),
  nameEn: text(120),
  size: integer(0, 100000),
})
export type CapacityPoolEditForm = z.infer<typeof capacityPoolEditSchema>

export const codeFormSchema = z
  .object({
    code: z
      .string(fieldError({ missing: required }))
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9_-]{3,40}$/, 'admin.errors.code'),
    kind: z.enum(CODE_KINDS, { error: 'errors.field.invalid' }),
    percentOff: z.coerce.number({ error: 'errors.field.number' }).min(0, 'admin.errors.range').max(100, 'admin.errors.range').optional(),
    maxUses: z.coerce.number().refine(Number.isInteger, 'errors.field.number').min(1, 'admin.errors.range').max(100000, 'admin.errors.range').optional(),
    funderPartnerId: z.guid(fieldError({ invalid: 'errors.field.invalid' })).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'funder' && !value.funderPartnerId) {
      ctx.addIssue({ code: 'custom', path: ['funderPartnerId'], message: 'errors.field.required' })
    }
    if (value.kind !== 'invitation' && value.percentOff === undefined) {
      ctx.addIssue({ code: 'custom', path: ['percentOff'], message: 'errors.field.required' })
    }
  })
export type CodeForm = z.infer<typeof codeFormSchema>

export const questionFormSchema = z.object({
  kind: z.enum(['text', 'boolean'], { error: 'errors.field.invalid' }),
  labelFr: text(300),
  labelEn: text(300),
  required: checkbox,
})
export type QuestionForm = z.infer<typeof questionFormSchema>
