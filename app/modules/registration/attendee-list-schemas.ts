import { z } from 'zod'
import { REGISTRATION_STATUSES } from '#db/schema/registrations'
import { hasNoControlCharacters } from '~/utils/text'

const uuid = z.guid().optional().catch(undefined)
const empty = (v: unknown) => (v === '' || v === null ? undefined : v)

/** The list's search, filters, sort and page, read from the URL (bad values are ignored, not 500s). */
export const attendeeFilterSchema = z.object({
  q: z.preprocess(empty, z.string().trim().max(100).refine(hasNoControlCharacters).optional()).catch(undefined),
  eventId: z.preprocess(empty, uuid),
  ticketTypeId: z.preprocess(empty, uuid),
  status: z.preprocess(empty, z.enum(REGISTRATION_STATUSES).optional()).catch(undefined),
  paid: z.preprocess(empty, z.enum(['yes', 'no']).optional()).catch(undefined),
  approval: z.preprocess(empty, z.enum(['approved', 'pending']).optional()).catch(undefined),
  checkedIn: z.preprocess(empty, z.enum(['yes', 'no']).optional()).catch(undefined),
  /** `yes`: the seat came from a waiting-list offer; `no`: registered directly. */
  waitlist: z.preprocess(empty, z.enum(['yes', 'no']).optional()).catch(undefined),
  locale: z.preprocess(empty, z.enum(['fr', 'en']).optional()).catch(undefined),
  sort: z.preprocess(empty, z.enum(['name', 'company', 'recent']).default('name')).catch('name'),
  page: z.coerce.number().int().min(1).max(100000).default(1).catch(1),
})
export type AttendeeFilter = z.infer<typeof attendeeFilterSchema>

export function parseAttendeeFilter(params: URLSearchParams, overrides: Partial<AttendeeFilter> = {}): AttendeeFilter {
  return { ...attendeeFilterSchema.parse(Object.fromEntries(params.entries())), ...overrides }
}

export const PAGE_SIZE = 50
