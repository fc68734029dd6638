import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '', item: v.itemTitle ?? '', org: v.org.name })

function PartnerInvitation({ view }: { view: MailView }) {
  const key = view.formerAddress
    ? 'mail.templates.partnerInvitation.withdrawnIntro'
    : view.change === 'cancelled'
      ? 'mail.templates.partnerInvitation.cancelledIntro'
      : view.change === 'changed'
        ? 'mail.templates.partnerInvitation.changedIntro'
        : 'mail.templates.partnerInvitation.intro'
  const intro = t(view, key, vars(view))
  return (
    <MailLayout view={view} heading={t(view, 'mail.templates.partnerInvitation.heading')} preview={intro}>
      <Paragraph>{intro}</Paragraph>
    </MailLayout>
  )
}

export const partnerInvitation: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.partnerInvitation.subject', vars(v)),
  Component: PartnerInvitation,
}
