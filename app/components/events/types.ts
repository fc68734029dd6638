/**
 * What the public pages send to the browser: strings already formatted on the server (luxon
 * and the time-zone rules stay server-side), instants as ISO for <time datetime>.
 */
export type DisplayClock = { iso: string; date: string; time: string }

export type DisplayTime = DisplayClock & {
  /** "heure de Miami" / "Miami time". */
  zoneLabel: string
  /** Martinique's clock, only when it differs from the event's zone at that instant. */
  martinique: DisplayClock | null
}

export type DisplayRange = {
  /** Starts and ends on the same calendar day in the event's zone. */
  sameDay: boolean
  start: DisplayTime
  end: DisplayTime
}

export type EventCard = {
  slug: string
  kind: string
  kindLabel: string
  title: string
  summary: string
  venueCity: string
  cancelled: boolean
  dates: DisplayRange
}

export type RegistrationState = 'open' | 'not_yet_open' | 'closed' | 'past' | 'cancelled' | 'full' | 'no_tickets'

export type TicketOffer = {
  id: string
  name: string
  description: string | null
  price: string
  free: boolean
  /** null = no limit shown. */
  seatsLeft: number | null
}

export type ProgrammeEntry = {
  id: string
  kindLabel: string
  title: string
  description: string | null
  place: string | null
  address: string | null
  dates: DisplayRange
}

export type ProgrammeDay = { key: string; label: string; iso: string; items: ProgrammeEntry[] }

export type PartnerEntry = { id: string; name: string; website: string | null; roleLabel: string; role: string }
