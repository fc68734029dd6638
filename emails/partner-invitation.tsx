import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '', item: v.itemTitle ?? '', org: v.org.name })

/** What happened to the partner's invitation: subject, heading and preview all say it. */
function wordingOf(view: MailView) {
  const base = 'mail.templates.partnerInvitation'
  if (view.formerAddress) return { subject: `${base}.subjectWithdrawn`, heading: `${base}.headingWithdrawn`, intro: `${base}.withdrawnIntro` } as const
  if (view.change === 'cancelled') return { subject: `${base}.subjectCancelled`, heading: `${base}.headingCancelled`, intro: `${base}.cancelledIntro` } as const
  if (view.change === 'changed') return { subject: `${base}.subjectChanged`, heading: `${base}.headingChanged`, intro: `${base}.changedIntro` } as const
  return { subject: `${base}.subject`, heading: `${base}.heading`, intro: `${base}.intro` } as const
}

function PartnerInvitation({ view }: { view: MailView }) {
  const wording = wordingOf(view)
  const intro = t(view, wording.intro, vars(view))
  return (
    <MailLayout view={view} heading={t(view, wording.heading)} preview={intro}>
      <Paragraph>{intro}</Paragraph>
    </MailLayout>
  )
}

export const partnerInvitation: MailTemplate = {
  subject: (v) => t(v, wordingOf(v).subject, vars(v)),
  Component: PartnerInvitation,
}
