import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

function SignInLink({ view }: { view: MailView }) {
  const intro = t(view, 'mail.templates.signInLink.intro')
  return (
    <MailLayout
      view={view}
      heading={t(view, 'mail.templates.signInLink.heading')}
      preview={intro}
      action={view.actionUrl ? { label: t(view, 'mail.templates.signInLink.action'), url: view.actionUrl } : undefined}
    >
      <Paragraph>{intro}</Paragraph>
      <Paragraph>{t(view, 'mail.templates.signInLink.ignore')}</Paragraph>
    </MailLayout>
  )
}

export const signInLink: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.signInLink.subject', { org: v.org.name }),
  Component: SignInLink,
}
