import { z } from 'zod'
import { fieldError } from '~/utils/schema-errors'
import { hasNoControlCharacters } from '~/utils/text'

/** An amount typed by an organiser in major units ("150", "150.50", "150,50") → minor units. */
export const amountField = z
  .string(fieldError({ missing: 'errors.field.required' }))
  .trim()
  .regex(/^\d{1,7}([.,]\d{1,2})?$/, { error: 'admin.registration.amountInvalid', abort: true })
  .transform((v) => Math.round(Number(v.replace(',', '.')) * 100))
  .refine((minor) => minor > 0, 'admin.registration.amountInvalid')

export const ORGANISER_REFUND_REASONS = ['attendee_cancelled', 'event_cancelled', 'goodwill', 'other'] as const

export const refundFormSchema = z.object({
  amount: amountField,
  reason: z.enum(ORGANISER_REFUND_REASONS, { error: 'errors.field.invalid' }),
  note: z.string().trim().max(500, 'errors.field.invalid').refine(hasNoControlCharacters, 'errors.field.controlCharacters').optional(),
  cancel: z.literal('yes').optional(),
  confirm: z.literal('yes', { error: 'errors.field.required' }),
})

export const recordPaymentFormSchema = z.object({ amount: amountField })
