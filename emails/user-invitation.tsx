import { MailLayout, Paragraph, t } from './components/layout'
import type { MailTemplate, MailView } from './components/types'

function UserInvitation({ view }: { view: MailView }) {
  const intro = t(view, 'mail.templates.userInvitation.intro', { org: view.org.name })
  return (
    <MailLayout
      view={view}
      heading={t(view, 'mail.templates.userInvitation.heading')}
      preview={intro}
      action={view.actionUrl ? { label: t(view, 'mail.templates.userInvitation.action'), url: view.actionUrl } : undefined}
    >
      <Paragraph>{intro}</Paragraph>
      {view.expires ? <Paragraph>{t(view, 'mail.templates.userInvitation.expires', { when: view.expires })}</Paragraph> : null}
      <Paragraph>{t(view, 'mail.templates.userInvitation.ignore')}</Paragraph>
    </MailLayout>
  )
}

export const userInvitation: MailTemplate = {
  subject: (v) => t(v, 'mail.templates.userInvitation.subject', { org: v.org.name }),
  Component: UserInvitation,
}
