import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ company: v.b2b?.otherCompany ?? '', months: v.b2b?.months ?? 0 })
const isRating = (v: MailView) => v.b2b?.change === 'rating'

function B2bFollowUp({ view }: { view: MailView }) {
  const intro = t(view, isRating(view) ? 'mail.templates.b2bFollowUp.rating' : 'mail.templates.b2bFollowUp.followUp', vars(view))
  return (
    <MailLayout
      view={view}
      heading={t(view, 'mail.templates.b2bFollowUp.heading')}
      preview={intro}
      action={view.actionUrl ? { label: t(view, 'mail.templates.b2bFollowUp.action'), url: view.actionUrl } : undefined}
    >
      <Paragraph>{intro}</Paragraph>
    </MailLayout>
  )
}

export const b2bFollowUp: MailTemplate = {
  subject: (v) => t(v, isRating(v) ? 'mail.templates.b2bFollowUp.subject.rating' : 'mail.templates.b2bFollowUp.subject.followUp', vars(v)),
  Component: B2bFollowUp,
}
