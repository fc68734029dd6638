import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '', expires: v.expires ?? '' })

function WaitlistOffer({ view }: { view: MailView }) {
  const intro = t(view, 'mail.templates.waitlistOffer.intro', vars(view))
  return (
    <MailLayout
      view={view}
      heading={t(view, 'mail.templates.waitlistOffer.heading')}
      preview={intro}
      action={view.actionUrl ? { label: t(view, 'mail.templates.waitlistOffer.action'), url: view.actionUrl } : undefined}
    >
      <Paragraph>{intro}</Paragraph>
    </MailLayout>
  )
}

export const waitlistOffer: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.waitlistOffer.subject', vars(v)),
  Component: WaitlistOffer,
}
