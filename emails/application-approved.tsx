import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '' })

function ApplicationApproved({ view }: { view: MailView }) {
  const intro = t(view, 'mail.templates.applicationApproved.intro', vars(view))
  const url = view.actionUrl ?? view.managementUrl
  return (
    <MailLayout
      view={view}
      heading={t(view, 'mail.templates.applicationApproved.heading')}
      preview={intro}
      action={url ? { label: t(view, 'mail.common.manage'), url } : undefined}
    >
      <Paragraph>{intro}</Paragraph>
    </MailLayout>
  )
}

export const applicationApproved: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.applicationApproved.subject', vars(v)),
  Component: ApplicationApproved,
}
