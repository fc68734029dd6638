import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

const vars = (v: MailView) => ({ event: v.event?.title ?? '', company: v.b2b?.otherCompany ?? '', message: v.b2b?.message ?? '', url: v.b2b?.declineUrl ?? '' })
const change = (v: MailView) => (v.b2b?.change === 'accepted' || v.b2b?.change === 'declined' || v.b2b?.change === 'expired' ? v.b2b.change : 'received')

function B2bRequest({ view }: { view: MailView }) {
  const intro = t(view, `mail.templates.b2bRequest.${change(view)}`, vars(view))
  const offersAnswer = change(view) === 'received' && view.actionUrl
  return (
    <MailLayout
      view={view}
      heading={t(view, 'mail.templates.b2bRequest.heading')}
      preview={intro}
      action={offersAnswer ? { label: t(view, 'mail.templates.b2bRequest.accept'), url: view.actionUrl! } : undefined}
    >
      <Paragraph>{intro}</Paragraph>
      {view.b2b?.message ? <Paragraph>{t(view, 'mail.templates.b2bRequest.message', vars(view))}</Paragraph> : null}
      {offersAnswer && view.b2b?.declineUrl ? <Paragraph>{t(view, 'mail.templates.b2bRequest.decline', vars(view))}</Paragraph> : null}
    </MailLayout>
  )
}

export const b2bRequest: MailTemplate = {
  subject: (v) => t(v, `mail.templates.b2bRequest.subject.${change(v)}`, vars(v)),
  Component: B2bRequest,
}
