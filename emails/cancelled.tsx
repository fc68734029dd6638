import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '' })

function Cancelled({ view }: { view: MailView }) {
  const intro = view.wholeEvent
    ? t(view, 'mail.templates.cancelled.eventIntro', vars(view))
    : view.formerAddress
      ? t(view, 'mail.templates.cancelled.addressChangedIntro', vars(view))
      : t(view, 'mail.templates.cancelled.intro', vars(view))
  return (
    <MailLayout view={view} heading={t(view, 'mail.templates.cancelled.heading')} preview={intro}>
      <Paragraph>{intro}</Paragraph>
    </MailLayout>
  )
}

export const cancelled: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.cancelled.subject', vars(v)),
  Component: Cancelled,
}
