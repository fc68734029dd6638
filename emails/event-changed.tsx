import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '' })

function EventChanged({ view }: { view: MailView }) {
  const intro = t(view, 'mail.templates.eventChanged.intro', vars(view))
  return (
    <MailLayout view={view} heading={t(view, 'mail.templates.eventChanged.heading')} preview={intro}>
      <Paragraph>{intro}</Paragraph>
    </MailLayout>
  )
}

export const eventChanged: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.eventChanged.subject', vars(v)),
  Component: EventChanged,
}
