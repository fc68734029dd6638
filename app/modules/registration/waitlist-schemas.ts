import { z } from 'zod'
import { WAITLIST_STATUSES } from './vocabulary'
import { hasNoControlCharacters } from '~/utils/text'

/** The organiser's waiting-list view: which entries, a search, a page (bad values fall back, not 500s). */
export const waitlistFilterSchema = z.object({
  view: z.enum(['active', 'all', ...WAITLIST_STATUSES]).default('active').catch('active'),
  q: z.string().trim().max(100).refine(hasNoControlCharacters).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10000).default(1).catch(1),
})
