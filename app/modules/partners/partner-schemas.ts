import { z } from 'zod'
import { fieldError } from '~/utils/schema-errors'
import { PARTNER_KINDS } from '#db/schema/partners'
import { hasNoControlCharacters, isHttpUrl, isOneLine } from '~/utils/text'

export { PARTNER_KINDS }

const required = 'errors.field.required'
const text = (max: number) => z.string(fieldError({ missing: required })).trim().min(1, required).max(max, 'admin.errors.tooLong').refine(isOneLine, 'errors.field.lineBreak').refine(hasNoControlCharacters, 'errors.field.controlCharacters')

export const partnerFormSchema = z.object({
  name: text(200),
  slug: z.string(fieldError({ missing: required })).trim().toLowerCase().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'admin.errors.slug').max(80, 'admin.errors.tooLong'),
  kind: z.enum(PARTNER_KINDS, { error: 'errors.field.invalid' }),
  website: z.string().trim().max(300, 'admin.errors.tooLong').refine(isHttpUrl, 'errors.field.httpUrl').optional(),
})
export type PartnerForm = z.infer<typeof partnerFormSchema>

export const partnerContactFormSchema = z.object({
  partnerId: z.guid(fieldError({ missing: required, invalid: 'errors.field.invalid' })),
  name: text(200),
  email: z.string(fieldError({ missing: required })).trim().toLowerCase().regex(z.regexes.email, 'errors.field.email').max(200, 'admin.errors.tooLong'),
  locale: z.enum(['fr', 'en'], { error: 'errors.field.invalid' }),
  roleTitle: z.string().trim().max(200, 'admin.errors.tooLong').refine(isOneLine, 'errors.field.lineBreak').refine(hasNoControlCharacters, 'errors.field.controlCharacters').optional(),
})
export type PartnerContactForm = z.infer<typeof partnerContactFormSchema>

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())
const id = z.guid(fieldError({ missing: required, invalid: 'errors.field.invalid' }))

export const partnerEditSchema = partnerFormSchema.extend({ id })
export type PartnerEditForm = z.infer<typeof partnerEditSchema>

export const partnerContactEditSchema = partnerContactFormSchema.omit({ partnerId: true }).extend({
  id,
  /** Set by the confirmation step when a new address means withdrawing and re-sending invitations. */
  confirmChange: checkbox,
})
export type PartnerContactEditForm = z.infer<typeof partnerContactEditSchema>

/** Deleting a partner or a contact that holds invitations is confirmed first (they get a CANCEL). */
export const partnerDeleteSchema = z.object({ id, confirmChange: checkbox })
