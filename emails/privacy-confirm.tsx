import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

function PrivacyConfirm({ view }: { view: MailView }) {
  const intro = t(view, 'mail.templates.privacyConfirm.intro')
  return (
    <MailLayout
      view={view}
      heading={t(view, 'mail.templates.privacyConfirm.heading')}
      preview={intro}
      action={view.actionUrl ? { label: t(view, 'mail.templates.privacyConfirm.action'), url: view.actionUrl } : undefined}
    >
      <Paragraph>{intro}</Paragraph>
      <Paragraph>{t(view, 'mail.templates.privacyConfirm.ignore')}</Paragraph>
    </MailLayout>
  )
}

export const privacyConfirm: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.privacyConfirm.subject', { org: v.org.name }),
  Component: PrivacyConfirm,
}
