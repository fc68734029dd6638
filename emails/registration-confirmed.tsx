import { MailLayout, Paragraph, t } from './components/layout'
import { TicketQr } from './components/ticket'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '', reference: v.reference ?? '' })

function RegistrationConfirmed({ view }: { view: MailView }) {
  const intro = t(view, 'mail.templates.registrationConfirmed.intro', vars(view))
  return (
    <MailLayout view={view} heading={t(view, 'mail.templates.registrationConfirmed.heading')} preview={intro}>
      <Paragraph>{intro}</Paragraph>
      <TicketQr view={view} />
    </MailLayout>
  )
}

export const registrationConfirmed: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.registrationConfirmed.subject', vars(v)),
  Component: RegistrationConfirmed,
}
