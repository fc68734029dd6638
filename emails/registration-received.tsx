import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '', reference: v.reference ?? '' })

function RegistrationReceived({ view }: { view: MailView }) {
  const intro = t(view, 'mail.templates.registrationReceived.intro', vars(view))
  return (
    <MailLayout view={view} heading={t(view, 'mail.templates.registrationReceived.heading')} preview={intro}>
      <Paragraph>{intro}</Paragraph>
    </MailLayout>
  )
}

export const registrationReceived: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.registrationReceived.subject', vars(v)),
  Component: RegistrationReceived,
}
