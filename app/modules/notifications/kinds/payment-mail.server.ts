import { registrationWithAttendees } from '~/modules/registration/recipients.server'
import { mailContact } from '../deliver.server'
import type { KindHandler } from './types'

/** Receipt, refund or invoice reminder to the registration's contact, with the PDF when there is one. */
export const paymentMail: KindHandler<'payment.receipt' | 'payment.refunded' | 'payment.late-refunded' | 'invoice.reminder'> = async (tx, n) => {
  const found = await registrationWithAttendees(tx, n.registrationId)
  if (!found) return
  const data = n.data ?? {}
  const attachment =
    data.attachmentBase64 !== undefined && data.attachmentFilename !== undefined
      ? { filename: data.attachmentFilename, contentBase64: data.attachmentBase64 }
      : undefined
  await mailContact(tx, found.registration, {
    key: `${n.kind}:contact:${found.registration.id}:${n.paymentId ?? n.refundId ?? n.invoiceId ?? n.version ?? 0}`,
    kind: n.kind,
    template: 'payment-receipt',
    data: { amountMinor: data.amountMinor ?? found.registration.paidMinor, currency: found.registration.currency, attachment },
  })
}
