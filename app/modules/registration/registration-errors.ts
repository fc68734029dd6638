/**
 * The one error type of the registration area. Each code maps to a catalogue message
 * (`registration.errors.<code>`) and an HTTP status, so routes never write messages themselves.
 * No server imports: routes and components read the codes too.
 */
export const REGISTRATION_ERROR_CODES = [
  'invalid_input',
  'event_unavailable',
  'registration_closed',
  'sales_closed',
  'invalid_ticket',
  'nothing_selected',
  'too_many',
  'too_few',
  'attendee_mismatch',
  'sold_out',
  'duplicate_person',
  'code_invalid',
  'code_wrong_event',
  'code_expired',
  'code_exhausted',
  'code_not_applicable',
  'eligibility_required',
  'answer_required',
  'answer_invalid',
  'payment_method_required',
  'payment_method_invalid',
  'offer_invalid',
  'not_found',
  'invalid_state',
  'cutoff_passed',
  'add_requires_payment',
  'busy',
  'same_ticket_type',
  'move_price_differs',
] as const
export type RegistrationErrorCode = (typeof REGISTRATION_ERROR_CODES)[number]

const STATUS: Partial<Record<RegistrationErrorCode, number>> = {
  not_found: 404,
  event_unavailable: 404,
  sold_out: 409,
  code_exhausted: 409,
  duplicate_person: 409,
  invalid_state: 409,
  move_price_differs: 409,
  busy: 503,
}

export class RegistrationError extends Error {
  readonly code: RegistrationErrorCode
  /** The form field the error belongs to (e.g. `code`, `attendees[1].email`), when there is one. */
  readonly field?: string
  readonly details?: Record<string, unknown>

  constructor(code: RegistrationErrorCode, options: { field?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(`registration: ${code}${options.field ? ` (${options.field})` : ''}`, { cause: options.cause })
    this.name = 'RegistrationError'
    this.code = code
    this.field = options.field
    this.details = options.details
  }

  get status(): number {
    return STATUS[this.code] ?? 400
  }
}

export function isRegistrationError(error: unknown): error is RegistrationError {
  return error instanceof RegistrationError
}
