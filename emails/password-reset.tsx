import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

function PasswordReset({ view }: { view: MailView }) {
  const intro = t(view, 'mail.templates.passwordReset.intro')
  return (
    <MailLayout
      view={view}
      heading={t(view, 'mail.templates.passwordReset.heading')}
      preview={intro}
      action={view.actionUrl ? { label: t(view, 'mail.templates.passwordReset.action'), url: view.actionUrl } : undefined}
    >
      <Paragraph>{intro}</Paragraph>
      {view.expires ? <Paragraph>{t(view, 'mail.templates.passwordReset.expires', { when: view.expires })}</Paragraph> : null}
      <Paragraph>{t(view, 'mail.templates.passwordReset.ignore')}</Paragraph>
    </MailLayout>
  )
}

export const passwordReset: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.passwordReset.subject', { org: v.org.name }),
  Component: PasswordReset,
}
