/** Errors a person may see; each code has a message in `payments.errors.<code>`. */
export const PAYMENT_ERROR_CODES = [
  'notFound',
  'notPayable',
  'nothingToPay',
  'methodNotOffered',
  'cardUnavailable',
  'gatewayFailed',
  'noSeatLeft',
  'amountInvalid',
  'amountTooLarge',
  'busy',
] as const
export type PaymentErrorCode = (typeof PAYMENT_ERROR_CODES)[number]

export class PaymentError extends Error {
  constructor(
    public code: PaymentErrorCode,
    message: string = code,
  ) {
    super(message)
  }
}

/** PostgreSQL's lock_not_available (a `SET LOCAL lock_timeout` ran out): answer "busy, try again". */
export function isLockTimeout(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string }; code?: string } | undefined) ?? {}
  return cause.cause?.code === '55P03' || cause.code === '55P03'
}
