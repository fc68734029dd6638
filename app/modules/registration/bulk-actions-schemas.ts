import { z } from 'zod'
import { fieldError } from '~/utils/schema-errors'
import { hasNoControlCharacters, isOneLine } from '~/utils/text'

/** "All matching the filter" re-runs the filter on the server; above this many it is refused. */
export const BULK_SELECTION_CAP = 5000

export const BULK_INTENTS = ['approve', 'reject', 'resend', 'message', 'message-preview', 'message-send', 'export'] as const
export type BulkIntent = (typeof BULK_INTENTS)[number]

const required = (max: number) => z.string(fieldError({ missing: 'errors.field.required' })).trim().min(1, 'errors.field.required').max(max, 'admin.errors.tooLong')
const subject = required(200).refine(isOneLine, 'errors.field.lineBreak').refine(hasNoControlCharacters, 'errors.field.controlCharacters')
const body = required(10000).refine(hasNoControlCharacters, 'errors.field.controlCharacters')

/** An organiser message: subject and body in both languages, all four required. */
export const organiserMessageFormSchema = z.object({
  subjectFr: subject,
  subjectEn: subject,
  bodyFr: body,
  bodyEn: body,
})
export type OrganiserMessageInput = z.infer<typeof organiserMessageFormSchema>

/** One token per rendered form: a double-submitted POST is recognised and does its work once. */
export const idempotencyTokenSchema = z.guid()
