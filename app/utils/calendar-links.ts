/** "Add to calendar" links (Google, Outlook) for one event or session; pure, used by pages and mails. */
export type CalendarLinkInput = { title: string; description?: string; location?: string; startsAt: Date; endsAt: Date }

function utcStamp(date: Date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}

export function googleCalendarUrl(input: CalendarLinkInput): string {
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: input.title,
    dates: `${utcStamp(input.startsAt)}/${utcStamp(input.endsAt)}`,
    details: input.description ?? '',
    location: input.location ?? '',
  })
  return `https://calendar.google.com/calendar/render?${params.toString()}`
}

export function outlookCalendarUrl(input: CalendarLinkInput): string {
  const params = new URLSearchParams({
    path: '/calendar/action/compose',
    rru: 'addevent',
    subject: input.title,
    startdt: input.startsAt.toISOString(),
    enddt: input.endsAt.toISOString(),
    body: input.description ?? '',
    location: input.location ?? '',
  })
  return `https://outlook.office.com/calendar/0/deeplink/compose?${params.toString()}`
}

/** The public .ics download of an event (route owned by the calendar module). */
export function eventIcsPath(locale: 'fr' | 'en', slug: string): string {
  return `/${locale}/events/${slug}/calendar.ics`
}
