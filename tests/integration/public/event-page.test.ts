import { beforeAll, describe, expect, it } from 'vitest'
import { loader as eventLoader } from '~/routes/$lang.events.$slug._index'
import { RUN, createEvent, publicOrganisationId } from './fixtures'
import { routeArgs } from '../../factories/route-args'

async function loadEvent(lang: 'fr' | 'en', slug: string) {
  return eventLoader(routeArgs({ request: new Request(`http://x/${lang}/events/${slug}`), params: { lang, slug }, context: {} as never }))
}

const winter = `public-winter-${RUN}`
const summer = `public-summer-${RUN}`
const draft = `public-draft-${RUN}`
const cancelled = `public-cancelled-${RUN}`
const full = `public-full-${RUN}`
const closed = `public-closed-${RUN}`
const past = `public-past-${RUN}`

beforeAll(async () => {
  const org = await publicOrganisationId()
  // 15 January 2031, 14:00 UTC = 09:00 in Miami (EST) = 10:00 in Martinique.
  await createEvent(org, {
    slug: winter,
    startsAt: new Date('2031-01-15T14:00:00Z'),
    endsAt: new Date('2031-01-15T22:00:00Z'),
    tickets: [
      { name: 'Delegate', priceMinor: 15000, poolSize: 10 },
      { name: 'Guest', priceMinor: 0, poolSize: 5 },
      { name: 'Secret', priceMinor: 0, hidden: true },
    ],
    programme: [
      { title: 'Day one', startsAt: new Date('2031-01-15T14:00:00Z'), endsAt: new Date('2031-01-15T15:00:00Z') },
      // 23:30 UTC = 18:30 in Miami, still 15 January there.
      { title: 'Evening', startsAt: new Date('2031-01-15T23:30:00Z'), endsAt: new Date('2031-01-16T01:00:00Z') },
      { title: 'Day two', startsAt: new Date('2031-01-16T14:00:00Z'), endsAt: new Date('2031-01-16T15:00:00Z') },
    ],
    partnerRole: 'funder',
  })
  // 15 July 2031, 13:00 UTC = 09:00 in Miami (EDT) = 09:00 in Martinique.
  await createEvent(org, {
    slug: summer,
    startsAt: new Date('2031-07-15T13:00:00Z'),
    endsAt: new Date('2031-07-17T21:00:00Z'),
    tickets: [{ name: 'Delegate', priceMinor: 0, poolSize: 30 }],
  })
  await createEvent(org, { slug: draft, status: 'draft', startsAt: new Date('2031-02-01T14:00:00Z'), endsAt: new Date('2031-02-01T16:00:00Z') })
  await createEvent(org, { slug: cancelled, status: 'cancelled', startsAt: new Date('2031-02-02T14:00:00Z'), endsAt: new Date('2031-02-02T16:00:00Z'), tickets: [{ name: 'Delegate', priceMinor: 100 }] })
  await createEvent(org, { slug: full, startsAt: new Date('2031-02-03T14:00:00Z'), endsAt: new Date('2031-02-03T16:00:00Z'), tickets: [{ name: 'Delegate', priceMinor: 100, poolSize: 0 }] })
  await createEvent(org, {
    slug: closed,
    startsAt: new Date('2031-02-04T14:00:00Z'),
    endsAt: new Date('2031-02-04T16:00:00Z'),
    registrationClosesAt: new Date('2020-01-01T00:00:00Z'),
    tickets: [{ name: 'Delegate', priceMinor: 100 }],
  })
  await createEvent(org, { slug: past, startsAt: new Date('2021-01-15T14:00:00Z'), endsAt: new Date('2021-01-15T16:00:00Z'), tickets: [{ name: 'Delegate', priceMinor: 100 }] })
})

describe('event page loader', () => {
  it('shows a winter event in Miami time with Martinique time (+1 h) beside it', async () => {
    const { event } = await loadEvent('fr', winter)
    expect(event.dates.start.time).toBe('09:00')
    expect(event.dates.start.zoneLabel).toBe('heure de Miami')
    expect(event.dates.start.martinique?.time).toBe('10:00')
    expect(event.dates.end.time).toBe('17:00')
    expect(event.dates.end.martinique?.time).toBe('18:00')
    expect(event.dates.sameDay).toBe(true)
    expect(event.dates.start.iso).toBe('2031-01-15T09:00:00.000-05:00')
  })

  it('shows a summer event with one time only, and both ends of a multi-day event', async () => {
    const { event } = await loadEvent('en', summer)
    expect(event.dates.start.time).toBe('9:00 AM')
    expect(event.dates.start.zoneLabel).toBe('Miami time')
    expect(event.dates.start.martinique).toBeNull()
    expect(event.dates.sameDay).toBe(false)
    expect(event.dates.end.date).toBe('Thursday, July 17, 2031')
    expect(event.tickets[0].price).toBe('Free')
  })

  it('answers 404 for a draft and for an unknown slug', async () => {
    for (const slug of [draft, `nope-${RUN}`]) {
      const thrown = await loadEvent('fr', slug).then(
        () => null,
        (error: unknown) => error,
      )
      expect(thrown).toBeInstanceOf(Response)
      expect((thrown as Response).status).toBe(404)
    }
  })

  it('lists visible ticket types with price and seats left, and opens registration', async () => {
    const { event } = await loadEvent('fr', winter)
    expect(event.tickets.map((t) => t.name)).toEqual(['Delegate FR', 'Guest FR'])
    expect(event.tickets[0].price).toMatch(/^150,00\s\$US$/)
    expect(event.tickets[0].seatsLeft).toBe(10)
    expect(event.tickets[1].price).toBe('Gratuit')
    expect(event.tickets[1].seatsLeft).toBe(5)
    expect(event.registration.state).toBe('open')
    expect(event.cancellationTerms).toBe('Conditions FR')
  })

  it('groups the programme by day in the event zone, with partners by role', async () => {
    const { event } = await loadEvent('en', winter)
    expect(event.programme.map((d) => d.key)).toEqual(['2031-01-15', '2031-01-16'])
    expect(event.programme[0].items.map((i) => i.title)).toEqual(['Day one EN', 'Evening EN'])
    expect(event.programme[0].items[1].dates.start.martinique?.time).toBe('7:30 PM')
    expect(event.partners).toEqual([expect.objectContaining({ name: `Partner ${winter}`, roleLabel: 'Funder' })])
  })

  it('offers calendar links and the .ics path', async () => {
    const { event } = await loadEvent('en', winter)
    expect(event.calendar.ics).toBe(`/en/events/${winter}/calendar.ics`)
    expect(event.calendar.google).toContain('dates=20310115T140000Z%2F20310115T220000Z')
    expect(event.venue.mapUrl).toBe('https://www.openstreetmap.org/?mlat=25.7752&mlon=-80.1966#map=17/25.7752/-80.1966')
  })

  it('says why registration is not open: cancelled, full, closed, past', async () => {
    expect((await loadEvent('fr', cancelled)).event.registration.state).toBe('cancelled')
    expect((await loadEvent('fr', cancelled)).event.cancelled).toBe(true)
    expect((await loadEvent('fr', full)).event.registration.state).toBe('full')
    expect((await loadEvent('fr', closed)).event.registration.state).toBe('closed')
    expect((await loadEvent('fr', past)).event.registration.state).toBe('past')
  })
})
