import { MailLayout, Paragraph, t } from './components/layout'
import { TicketQr } from './components/ticket'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '', when: v.event?.when ?? '' })

function Reminder({ view }: { view: MailView }) {
  const intro = t(view, 'mail.templates.reminder.intro', vars(view))
  return (
    <MailLayout view={view} heading={t(view, 'mail.templates.reminder.heading')} preview={intro}>
      <Paragraph>{intro}</Paragraph>
      <TicketQr view={view} />
    </MailLayout>
  )
}

export const reminder: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.reminder.subject', vars(v)),
  Component: Reminder,
}
