import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '' })

function RsvpDeclined({ view }: { view: MailView }) {
  const intro = t(view, 'mail.templates.rsvpDeclined.intro', vars(view))
  return (
    <MailLayout
      view={view}
      heading={t(view, 'mail.templates.rsvpDeclined.heading')}
      preview={intro}
      action={view.managementUrl ? { label: t(view, 'mail.templates.rsvpDeclined.action'), url: view.managementUrl } : undefined}
    >
      <Paragraph>{intro}</Paragraph>
      <Paragraph>{t(view, 'mail.templates.rsvpDeclined.refund')}</Paragraph>
    </MailLayout>
  )
}

export const rsvpDeclined: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.rsvpDeclined.subject', vars(v)),
  Component: RsvpDeclined,
}
