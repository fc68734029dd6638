import { render, toPlainText } from '@react-email/render'
import { createElement } from 'react'
import { applicationApproved } from './application-approved'
import { applicationRejected } from './application-rejected'
import { cancelled } from './cancelled'
import type { MailTemplate, MailView } from './components/types'
import { eventChanged } from './event-changed'
import { organiserMessage } from './organiser-message'
import { partnerInvitation } from './partner-invitation'
import { passwordReset } from './password-reset'
import { paymentReceipt } from './payment-receipt'
import { registrationConfirmed } from './registration-confirmed'
import { registrationReceived } from './registration-received'
import { reminder } from './reminder'
import { signInLink } from './sign-in-link'
import { userInvitation } from './user-invitation'
import { waitlistOffer } from './waitlist-offer'

export type { MailView } from './components/types'

/** One template per message; the name is stored on `email_message.template`. */
export const MAIL_TEMPLATES = {
  'registration-received': registrationReceived,
  'registration-confirmed': registrationConfirmed,
  'application-approved': applicationApproved,
  'application-rejected': applicationRejected,
  'payment-receipt': paymentReceipt,
  'waitlist-offer': waitlistOffer,
  reminder,
  'event-changed': eventChanged,
  cancelled,
  'organiser-message': organiserMessage,
  'sign-in-link': signInLink,
  'partner-invitation': partnerInvitation,
  'user-invitation': userInvitation,
  'password-reset': passwordReset,
} satisfies Record<string, MailTemplate>

export type MailTemplateName = keyof typeof MAIL_TEMPLATES

export function isMailTemplateName(name: string): name is MailTemplateName {
  return name in MAIL_TEMPLATES
}

/** Renders a template to subject, HTML and plain text. */
export async function renderMail(name: MailTemplateName, view: MailView) {
  const template = MAIL_TEMPLATES[name]
  const element = createElement(template.Component, { view })
  const html = await render(element)
  // One React render: the text part is derived from the HTML (react-email's own converter).
  const text = toPlainText(html)
  return { subject: template.subject(view), html, text }
}
