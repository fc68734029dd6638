import { z } from 'zod'
import { B2B_ENTRY_DIRECTIONS, B2B_ENTRY_TYPES, B2B_ROLES, MEETING_RATINGS } from '#db/schema/b2b'

const list = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v ?? []),
  z.array(z.string().trim().min(1).max(40)).max(20),
)
const optionalText = (max: number) => z.string().trim().max(max).optional()

export const profileEntrySchema = z.object({
  direction: z.enum(B2B_ENTRY_DIRECTIONS),
  type: z.enum(B2B_ENTRY_TYPES),
  titleFr: optionalText(120),
  titleEn: optionalText(120),
  descriptionFr: optionalText(1000),
  descriptionEn: optionalText(1000),
  sector: optionalText(60),
})

export const profileSchema = z.object({
  role: z.enum(B2B_ROLES),
  listingConsent: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  aboutFr: optionalText(2000),
  aboutEn: optionalText(2000),
  sector: optionalText(60),
  targetMarkets: list,
  languages: list,
  logoUrl: z.string().trim().url().max(500).optional().or(z.literal('')),
  entries: z.array(profileEntrySchema).max(20).default([]),
})
export type ProfileInput = z.infer<typeof profileSchema>

export const marketplaceFilterSchema = z.object({
  role: z.enum(B2B_ROLES).optional().catch(undefined),
  sector: z.string().trim().max(60).optional().catch(undefined),
  entryType: z.enum(B2B_ENTRY_TYPES).optional().catch(undefined),
  language: z.string().trim().max(10).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
})

export const sendRequestSchema = z.object({
  toCompanyId: z.guid(),
  message: z.string().trim().max(1000).default(''),
  mustMeet: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()).default(false),
})
export type SendRequestInput = z.infer<typeof sendRequestSchema>

export const settingsSchema = z.object({
  requestExpiryHours: z.coerce.number().int().min(1).max(24 * 60),
  maxOpenRequests: z.coerce.number().int().min(1).max(500),
  slotMinutes: z.coerce.number().int().min(5).max(240),
})
export type SettingsInput = z.infer<typeof settingsSchema>

/** A session on one day, in the event's zone: start and end times, breaks as "HH:MM-HH:MM". */
export const sessionSchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  startTime: z.string().regex(/^\d{2}:\d{2}$/),
  endTime: z.string().regex(/^\d{2}:\d{2}$/),
  slotMinutes: z.coerce.number().int().min(5).max(240),
  tableCount: z.coerce.number().int().min(1).max(500),
  breaks: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v ?? []),
    z.array(z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/)).max(10),
  ),
})
export type SessionInput = z.infer<typeof sessionSchema>

export const ratingSchema = z.enum(MEETING_RATINGS)

export const followUpAnswerSchema = z.object({
  talksStarted: z.preprocess((v) => v === 'yes' || v === 'on' || v === true, z.boolean()),
  agreementReached: z.preprocess((v) => v === 'yes' || v === 'on' || v === true, z.boolean()),
  estimatedValueUsd: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.coerce.number().min(0).max(1e9).optional()),
})
