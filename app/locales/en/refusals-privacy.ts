import type { privacyRefusals as fr } from '../fr/refusals-privacy'

export const privacyRefusals: typeof fr = {
  privacyPaymentOpen: 'Cannot erase while a payment is open or due (see the preview): settle or cancel it first.',
  privacyInvalidEmail: 'Invalid email address.',
  privacyLinkInvalid: 'This confirmation link is invalid, already used or expired: make a new request.',
  privacyRequestNotFound: 'Request not found.',
  privacyConfirmRequired: 'Tick the box to confirm the erasure.',
}
