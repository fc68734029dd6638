import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

/** The organiser's daily list of RSVP changes: one line each, already in the reader's words. */
function RsvpDigest({ view }: { view: MailView }) {
  const lines = (view.message?.body ?? '').split('\n').filter(Boolean)
  return (
    <MailLayout view={view} heading={t(view, 'mail.templates.rsvpDigest.heading')} preview={t(view, 'mail.templates.rsvpDigest.intro')}>
      <Paragraph>{t(view, 'mail.templates.rsvpDigest.intro')}</Paragraph>
      {lines.map((line, i) => (
        <Paragraph key={i}>{line}</Paragraph>
      ))}
    </MailLayout>
  )
}

export const rsvpDigest: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.rsvpDigest.subject', { count: String((v.message?.body ?? '').split('\n').filter(Boolean).length) }),
  Component: RsvpDigest,
}
