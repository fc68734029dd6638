import { z } from 'zod'
import { fieldError } from '~/utils/schema-errors'

const invalidEmail = 'refusals.privacyInvalidEmail'

/** The back office's look-up of a person by e-mail (preview, access export, erasure). */
export const privacyLookupSchema = z.object({
  email: z.string(fieldError({ missing: invalidEmail })).trim().toLowerCase().regex(z.regexes.email, invalidEmail).max(320, invalidEmail),
})
