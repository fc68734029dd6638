import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '', reference: v.reference ?? '', amount: v.amount ?? '' })

/** The invoice PDF, when the payments module provides one, travels as an attachment of this mail. */
function PaymentReceipt({ view }: { view: MailView }) {
  const intro = t(view, 'mail.templates.paymentReceipt.intro', vars(view))
  return (
    <MailLayout view={view} heading={t(view, 'mail.templates.paymentReceipt.heading')} preview={intro}>
      <Paragraph>{intro}</Paragraph>
      {view.invoiceAttached ? <Paragraph>{t(view, 'mail.templates.paymentReceipt.invoiceAttached')}</Paragraph> : null}
    </MailLayout>
  )
}

export const paymentReceipt: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.paymentReceipt.subject', vars(v)),
  Component: PaymentReceipt,
}
