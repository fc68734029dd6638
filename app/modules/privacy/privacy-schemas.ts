import { z } from 'zod'

const invalidEmail = 'refusals.privacyInvalidEmail'

/** The back office's look-up of a person by e-mail (preview, access export, erasure). */
export const privacyLookupSchema = z.object({
  email: z.string({ required_error: invalidEmail }).trim().toLowerCase().email(invalidEmail).max(320, invalidEmail),
})
