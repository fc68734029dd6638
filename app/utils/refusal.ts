import type { Messages, MessageKey, MessageVars } from '~/locales'

/**
 * The one refusal type: a rule said no, and a person can read why. Every service throws it;
 * every route turns it into an answer with `refusalReply` (forms) or `refusalResponse`, never
 * translating a code by hand. The message is `refusals.<code>` in the catalogue (one place,
 * as pretix keeps its error messages). No server imports: routes and components read codes too.
 */
export type RefusalCode = keyof Messages['refusals'] & string

/** HTTP status per code; anything not listed is a 400. */
const STATUS: Partial<Record<RefusalCode, number>> = {
  notFound: 404,
  busy: 503,
  // registration
  registrationNotFound: 404,
  eventUnavailable: 404,
  soldOut: 409,
  codeExhausted: 409,
  duplicatePerson: 409,
  invalidState: 409,
  movePriceDiffers: 409,
  rateLimited: 429,
  // payments (as the pay page answered them)
  notPayable: 409,
  nothingToPay: 409,
  methodNotOffered: 409,
  cardUnavailable: 409,
  noSeatLeft: 409,
  gatewayFailed: 502,
  // calendar changes
  alreadyCancelled: 409,
  // back office
  invalidDateTime: 400,
  emailAlreadyRegistered: 409,
  eventOver: 409,
  messageNotFound: 404,
  userAlreadyActive: 409,
  mailNotRetryable: 404,
  importTooLarge: 413,
  importConflict: 409,
  eventCancelled: 409,
  contactTaken: 409,
  ticketTypeInUse: 409,
  severalSeatsHeld: 409,
  poolBelowInUse: 409,
  partnerHasUsers: 409,
  onlyDraft: 409,
  notPublished: 409,
  notDraft: 409,
  noTicketType: 409,
  lastAdmin: 409,
  itemCancelled: 409,
  codeInUse: 409,
  moveSoldOut: 409,
  moveNotSamePrice: 409,
  moveDuplicatePerson: 409,
  moveInvalidState: 409,
  moveNotFound: 404,
  // B2B
  b2bAlreadyRequested: 409,
  b2bRequestCap: 409,
  b2bRequestNotPending: 409,
  // inbound mail
  inboundTooLarge: 413,
  inboundNotMail: 415,
  inboundBadSignature: 401,
  reviewResolved: 409,
  // funders' reports
  deMinimisCeiling: 409,
  deMinimisAlreadyRecorded: 409,
  funderUnknown: 404,
  packNoMission: 404,
  signatureSessionUnknown: 404,
  alreadySigned: 409,
  scanTooLarge: 413,
  scanWrongType: 415,
  // privacy
  privacyPaymentOpen: 409,
  privacyLinkInvalid: 410,
  privacyRequestNotFound: 404,
  // delegations
  travelDataForbidden: 403,
  delegateNotFound: 404,
  roomFull: 409,
  roomLabelTaken: 409,
}

export class Refusal extends Error {
  readonly code: RefusalCode
  /** The form field the refusal belongs to (e.g. `code`, `attendees[1].email`), when there is one. */
  readonly field?: string
  /** Values for the message's `{placeholders}`. */
  readonly vars?: MessageVars
  /** Machine-readable extras for the caller (never shown as-is). */
  readonly details?: Record<string, unknown>

  constructor(code: RefusalCode, options: { field?: string; vars?: MessageVars; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(`refused: ${code}${options.field ? ` (${options.field})` : ''}`, { cause: options.cause })
    this.name = 'Refusal'
    this.code = code
    this.field = options.field
    this.vars = options.vars
    this.details = options.details
  }

  get status(): number {
    return STATUS[this.code] ?? 400
  }

  get messageKey(): MessageKey {
    return `refusals.${this.code}`
  }
}

export function isRefusal(error: unknown): error is Refusal {
  return error instanceof Refusal
}
