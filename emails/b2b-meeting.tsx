import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '', company: v.b2b?.otherCompany ?? '' })
const change = (v: MailView) => (v.b2b?.change === 'changed' || v.b2b?.change === 'cancelled' ? v.b2b.change : 'invite')

function B2bMeeting({ view }: { view: MailView }) {
  const intro = t(view, `mail.templates.b2bMeeting.${change(view)}`, vars(view))
  return (
    <MailLayout view={view} heading={t(view, 'mail.templates.b2bMeeting.heading')} preview={intro}>
      <Paragraph>{intro}</Paragraph>
    </MailLayout>
  )
}

export const b2bMeeting: MailTemplate = {
  subject: (v) => t(v, `mail.templates.b2bMeeting.subject.${change(v)}`, vars(v)),
  Component: B2bMeeting,
}
