import type { MailTemplateName } from '#emails/index'
import { queueEmail } from '~/modules/mail/send.server'
import type { KindHandler } from './types'

const TEMPLATES = {
  'user.invitation': 'user-invitation',
  'user.password-reset': 'password-reset',
  'company.sign-in-link': 'sign-in-link',
  'privacy.confirm-request': 'privacy-confirm',
} as const satisfies Record<string, MailTemplateName>

/** A one-use link mailed to an address: no attendee or registration behind it. */
export const linkMail: KindHandler<keyof typeof TEMPLATES> = async (tx, n) => {
  const { email, url } = n.data
  if (!email || !url) return
  const locale = n.data.locale === 'en' ? 'en' : 'fr'
  await queueEmail(tx, {
    dedupeKey: `${n.kind}:${email.toLowerCase()}:${n.version ?? 0}`,
    kind: n.kind,
    toAddress: email,
    locale,
    payload: {
      template: TEMPLATES[n.kind],
      organisationId: n.data.organisationId || undefined,
      recipient: { type: 'address', email, name: n.data.name, locale },
      data: { actionUrl: url, expiresAt: n.data.expiresAt || undefined },
    },
  })
}
