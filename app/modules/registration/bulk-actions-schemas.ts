import { z } from 'zod'

/** "All matching the filter" re-runs the filter on the server; above this many it is refused. */
export const BULK_SELECTION_CAP = 5000

export const BULK_INTENTS = ['approve', 'reject', 'resend', 'message', 'message-preview', 'message-send', 'export'] as const
export type BulkIntent = (typeof BULK_INTENTS)[number]

const required = (max: number) => z.string({ required_error: 'errors.field.required' }).trim().min(1, 'errors.field.required').max(max, 'admin.errors.tooLong')

/** An organiser message: subject and body in both languages, all four required. */
export const organiserMessageFormSchema = z.object({
  subjectFr: required(200),
  subjectEn: required(200),
  bodyFr: required(10000),
  bodyEn: required(10000),
})
export type OrganiserMessageInput = z.infer<typeof organiserMessageFormSchema>

/** One token per rendered form: a double-submitted POST is recognised and does its work once. */
export const idempotencyTokenSchema = z.string().uuid()
