import { z } from 'zod'
import { hasNoControlCharacters, isOneLine } from '~/utils/text'

/** The organisation's settings form, parsed by the action and checked in the browser. */
const required = 'errors.field.required'

export const settingsFormSchema = z.object({
  name: z.string({ required_error: required }).trim().min(1, required).max(120, 'admin.errors.tooLong').refine(isOneLine, 'errors.field.lineBreak').refine(hasNoControlCharacters, 'errors.field.controlCharacters'),
  legalName: z.string({ required_error: required }).trim().min(1, required).max(200, 'admin.errors.tooLong').refine(isOneLine, 'errors.field.lineBreak').refine(hasNoControlCharacters, 'errors.field.controlCharacters'),
  email: z.string({ required_error: required }).trim().email('errors.field.email'),
  organiserMailbox: z.string({ required_error: required }).trim().email('errors.field.email'),
  invoicePaymentTermsDays: z.coerce.number({ invalid_type_error: 'errors.field.number' }).int('errors.field.number').min(0, 'admin.errors.range').max(365, 'admin.errors.range'),
})
export type SettingsForm = z.infer<typeof settingsFormSchema>
