import { z } from 'zod'
import { fieldError } from '~/utils/schema-errors'
import { hasNoControlCharacters, isOneLine } from '~/utils/text'

/** The organisation's settings form, parsed by the action and checked in the browser. */
const required = 'errors.field.required'

export const settingsFormSchema = z.object({
  name: z.string(fieldError({ missing: required })).trim().min(1, required).max(120, 'admin.errors.tooLong').refine(isOneLine, 'errors.field.lineBreak').refine(hasNoControlCharacters, 'errors.field.controlCharacters'),
  legalName: z.string(fieldError({ missing: required })).trim().min(1, required).max(200, 'admin.errors.tooLong').refine(isOneLine, 'errors.field.lineBreak').refine(hasNoControlCharacters, 'errors.field.controlCharacters'),
  email: z.string(fieldError({ missing: required })).trim().regex(z.regexes.email, 'errors.field.email'),
  organiserMailbox: z.string(fieldError({ missing: required })).trim().regex(z.regexes.email, 'errors.field.email'),
  invoicePaymentTermsDays: z.coerce.number({ error: 'errors.field.number' }).refine(Number.isInteger, 'errors.field.number').min(0, 'admin.errors.range').max(365, 'admin.errors.range'),
})
export type SettingsForm = z.infer<typeof settingsFormSchema>
