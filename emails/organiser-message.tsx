import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

function OrganiserMessage({ view }: { view: MailView }) {
  const paragraphs = (view.message?.body ?? '').split(/\n{2,}/).filter(Boolean)
  return (
    <MailLayout view={view} heading={view.message?.subject || t(view, 'mail.templates.organiserMessage.heading')} preview={paragraphs[0] ?? ''}>
      {paragraphs.map((p, i) => (
        <Paragraph key={i}>{p}</Paragraph>
      ))}
    </MailLayout>
  )
}

export const organiserMessage: MailTemplate = {
  subject: (v) =>
    v.message?.subject || t(v, 'mail.templates.organiserMessage.subject', { org: v.org.name, event: v.event?.title ?? '' }),
  Component: OrganiserMessage,
}
