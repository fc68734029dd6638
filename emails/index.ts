import { render, toPlainText } from '@react-email/render'
import { createElement } from 'react'
import { applicationApproved } from './application-approved'
import { applicationRejected } from './application-rejected'
import { b2bFollowUp } from './b2b-follow-up'
import { b2bMeeting } from './b2b-meeting'
import { b2bRequest } from './b2b-request'
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
import { rsvpDeclined } from './rsvp-declined'
import { rsvpDigest } from './rsvp-digest'
import { signInLink } from './sign-in-link'
import { privacyConfirm } from './privacy-confirm'
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
  'privacy-confirm': privacyConfirm,
  'partner-invitation': partnerInvitation,
  'user-invitation': userInvitation,
  'password-reset': passwordReset,
  'b2b-request': b2bRequest,
  'b2b-meeting': b2bMeeting,
  'b2b-follow-up': b2bFollowUp,
  'rsvp-declined': rsvpDeclined,
  'rsvp-digest': rsvpDigest,
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

/**
 * What differs between the recipients of one mailing. `renderMailFor` renders a template once
 * with a placeholder in each of these fields and fills it per recipient.
 */
const RECIPIENT_FIELDS: { get: (view: MailView) => string | null | undefined; set: (view: MailView, value: string) => MailView }[] = [
  { get: (v) => v.recipientName, set: (v, value) => ({ ...v, recipientName: value }) },
  { get: (v) => v.managementUrl, set: (v, value) => ({ ...v, managementUrl: value }) },
  { get: (v) => v.reference, set: (v, value) => ({ ...v, reference: value }) },
  { get: (v) => v.ticket?.name, set: (v, value) => ({ ...v, ticket: v.ticket && { ...v.ticket, name: value } }) },
]
const SLOT_MARK = 'zqslot'
/**
 * The placeholder of field `index` for `value`: as long as the value, since a text's length can
 * matter (react-email pads the inbox preview up to 150 characters).
 */
const slot = (index: number, value: string) => `${SLOT_MARK}${index}`.padEnd(value.length, 'x')
/**
 * A value that comes out of both React (HTML) and html-to-text (text) exactly as it went in:
 * none of the characters React escapes (& < > " '), no control or format character, and words
 * separated by single spaces (html-to-text collapses other whitespace). Any other value is
 * rendered in full.
 */
const VERBATIM = /^[^\s<>&"'\p{C}]+(?: [^\s<>&"'\p{C}]+)*$/u
const CACHE_LIMIT = 500
const shells = new Map<string, { html: string; text: string } | null>()

/** Puts each value in place of its placeholder, in one pass (a value is never read as a placeholder). */
function fill(shell: string, slots: Map<string, string>) {
  const pattern = new RegExp([...slots.keys()].join('|'), 'g')
  return shell.replace(pattern, (placeholder) => slots.get(placeholder)!)
}

export async function renderMailFor(name: MailTemplateName, view: MailView) {
  const slots = new Map<string, string>()
  let shellView = view
  RECIPIENT_FIELDS.forEach((field, index) => {
    const value = field.get(view)
    if (typeof value === 'string' && value.length >= slot(index, '').length + 1 && VERBATIM.test(value)) {
      const placeholder = slot(index, value)
      shellView = field.set(shellView, placeholder)
      slots.set(placeholder, value)
    }
  })
  // nothing to share, or a text that could be mistaken for a placeholder
  if (!slots.size || JSON.stringify(view).includes(SLOT_MARK)) return renderMail(name, view)
  const key = `${name}\n${JSON.stringify(shellView)}`
  const shell = shells.get(key)
  if (shell) return { subject: MAIL_TEMPLATES[name].subject(view), html: fill(shell.html, slots), text: fill(shell.text, slots) }
  const full = await renderMail(name, view)
  if (shell === undefined) {
    const made = await renderMail(name, shellView)
    const reproduces = fill(made.html, slots) === full.html && fill(made.text, slots) === full.text
    if (shells.size >= CACHE_LIMIT) shells.clear()
    shells.set(key, reproduces ? { html: made.html, text: made.text } : null)
  }
  return full
}
