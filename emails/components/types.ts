import type { Locale } from '~/locales'
import type { JSX } from 'react'

/** Everything a mail template shows; built by the mail module, pure data (no database here). */
export type MailView = {
  locale: Locale
  org: { name: string; primaryColor: string; accentColor: string; logoUrl: string | null; contactEmail: string }
  recipientName: string | null
  event: {
    title: string
    when: string
    where: string
    url: string
    googleUrl: string
    outlookUrl: string
    icsUrl: string
  } | null
  /** The programme item (session) a partner invitation is about. */
  itemTitle?: string
  reference?: string
  managementUrl?: string
  /** A `text/calendar` invitation part goes with the mail. */
  hasInvitation: boolean
  /** Reminders and organiser messages say how to stop receiving them. */
  showUnsubscribe?: boolean
  amount?: string
  note?: string
  expires?: string
  actionUrl?: string
  message?: { subject: string; body: string }
  /** For partner invitations and cancellations: a first invitation, an update, or a withdrawal. */
  change?: 'invite' | 'changed' | 'cancelled'
  /** Cancellation of the whole event (vs. of one person's participation). */
  wholeEvent?: boolean
  invoiceAttached?: boolean
  /** Sent to the address an attendee had before a change (their invitation moved to the new one). */
  formerAddress?: boolean
  /** For a confirmed attendee: the check-in QR code (`cid:` of an inline part) and what it is for. */
  ticket?: { qrSrc: string; name: string; ticketType?: string }
  /** B2B mails: what happened, with which company, the request's message, the follow-up's horizon. */
  b2b?: {
    change: 'received' | 'accepted' | 'declined' | 'expired' | 'invite' | 'changed' | 'cancelled' | 'rating' | 'follow-up'
    otherCompany: string
    message?: string
    months?: number
    declineUrl?: string
  }
}

export type MailTemplate = {
  subject: (view: MailView) => string
  Component: (props: { view: MailView }) => JSX.Element
}
