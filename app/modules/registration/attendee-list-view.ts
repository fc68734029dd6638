import { localized, type Locale } from '~/locales'
import type { AttendeeRow } from './attendee-list.server'
import type { RegistrationStatus } from '#db/schema/registrations'

/**
 * What the attendee table shows of a row, in the reader's language. A page's loader data is
 * serialised into its HTML and read again by the browser: the list sends these fields only (not
 * both languages of every title, nor ids and dates no cell shows).
 */
export type ShownAttendee = {
  id: string
  registrationId: string | null
  firstName: string
  lastName: string
  cancelled: boolean
  companyName: string
  eventTitle: string
  ticketTypeName: string
  email: string | null
  jobTitle: string | null
  registrationStatus: RegistrationStatus
  paidMinor: number
  totalMinor: number
  currency: string
  checkedIn: boolean
}

export function shownAttendees<L extends { items: AttendeeRow[] }>(list: L, locale: Locale, { showEvent }: { showEvent: boolean }) {
  return {
    ...list,
    items: list.items.map(
      (a): ShownAttendee => ({
        id: a.id,
        registrationId: a.registrationId,
        firstName: a.firstName,
        lastName: a.lastName,
        cancelled: a.attendeeStatus === 'cancelled',
        companyName: a.companyName,
        eventTitle: showEvent ? localized(a.eventTitle, locale) : '',
        ticketTypeName: localized(a.ticketTypeName, locale),
        email: a.email,
        jobTitle: a.jobTitle,
        registrationStatus: a.registrationStatus,
        paidMinor: a.paidMinor ?? 0,
        totalMinor: a.totalMinor ?? 0,
        currency: a.currency,
        checkedIn: a.checkedInAt !== null,
      }),
    ),
  }
}
