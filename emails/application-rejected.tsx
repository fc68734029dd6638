import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '' })

function ApplicationRejected({ view }: { view: MailView }) {
  const intro = t(view, 'mail.templates.applicationRejected.intro', vars(view))
  return (
    <MailLayout view={view} heading={t(view, 'mail.templates.applicationRejected.heading')} preview={intro}>
      <Paragraph>{intro}</Paragraph>
      {view.note ? <Paragraph>{t(view, 'mail.templates.applicationRejected.note', { note: view.note })}</Paragraph> : null}
    </MailLayout>
  )
}

export const applicationRejected: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.applicationRejected.subject', vars(v)),
  Component: ApplicationRejected,
}
