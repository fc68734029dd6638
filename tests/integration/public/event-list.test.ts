import { DateTime } from 'luxon'
import { beforeAll, describe, expect, it } from 'vitest'
import { loader as listLoader } from '~/routes/$lang.events._index'
import { loader as homeLoader } from '~/routes/$lang._index'
import { loader as aboutLoader } from '~/routes/$lang.about'
import { RUN, createEvent, publicOrganisationId } from './fixtures'
import { routeArgs } from '../../factories/route-args'

async function list(query: string, lang: 'fr' | 'en' = 'fr') {
  return listLoader(routeArgs({ request: new Request(`http://x/${lang}/events${query}`), params: { lang }, context: {} as never }))
}

const meetup = `list-meetup-${RUN}`
const celebration = `list-celebration-${RUN}`
const oldMeetup = `list-old-meetup-${RUN}`
const draft = `list-draft-${RUN}`

// The upcoming list shows one page, soonest first, and other files create upcoming events of the
// same organisation at the same time: these start within hours, ahead of any factory event.
const hours = (n: number) => new Date(Date.now() + n * 3600_000)
const timeIn = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).setLocale('en-US').toLocaleString(DateTime.TIME_SIMPLE)

const meetupStart = hours(2)

beforeAll(async () => {
  const org = await publicOrganisationId()
  await createEvent(org, { slug: meetup, kind: 'b2b_meetup', startsAt: meetupStart, endsAt: hours(4), partnerRole: 'host' })
  await createEvent(org, { slug: celebration, kind: 'celebration', startsAt: hours(3), endsAt: hours(5) })
  await createEvent(org, { slug: oldMeetup, kind: 'b2b_meetup', startsAt: new Date('2019-05-10T14:00:00Z'), endsAt: new Date('2019-05-10T20:00:00Z') })
  await createEvent(org, { slug: draft, kind: 'b2b_meetup', status: 'draft', startsAt: hours(2.5), endsAt: hours(4.5) })
})

const slugs = (events: { slug: string }[]) => events.map((e) => e.slug).filter((slug) => slug.endsWith(RUN))

describe('event list loader', () => {
  it('shows upcoming published events soonest first, never drafts or past ones', async () => {
    const data = await list('')
    expect(data.period).toBe('upcoming')
    expect(slugs(data.events)).toEqual([meetup, celebration])
  })

  it('shows past events with ?when=past', async () => {
    const data = await list('?when=past')
    expect(data.period).toBe('past')
    expect(slugs(data.events)).toEqual([oldMeetup])
  })

  it('filters by kind, in both periods', async () => {
    expect(slugs((await list('?kind=b2b_meetup')).events)).toEqual([meetup])
    expect(slugs((await list('?kind=celebration')).events)).toEqual([celebration])
    expect(slugs((await list('?when=past&kind=celebration')).events)).toEqual([])
    expect(slugs((await list('?when=past&kind=b2b_meetup')).events)).toEqual([oldMeetup])
  })

  it('ignores an unknown kind rather than failing', async () => {
    const data = await list('?kind=<script>')
    expect(data.kind).toBeNull()
    expect(slugs(data.events)).toEqual([meetup, celebration])
  })

  it('gives each card its kind and dates in the reader language', async () => {
    const card = (await list('?kind=b2b_meetup', 'en')).events.find((e) => e.slug === meetup)!
    expect(card.kindLabel).toBe('B2B meetings')
    expect(card.title).toBe(`Event ${meetup}`)
    // Miami's time, and Martinique's beside it (one hour later in winter, the same in summer)
    const start = meetupStart
    expect(card.dates.start.time).toBe(timeIn(start, 'America/New_York'))
    const martinique = timeIn(start, 'America/Martinique')
    if (martinique === card.dates.start.time) expect(card.dates.start.martinique).toBeFalsy()
    else expect(card.dates.start.martinique?.time).toBe(martinique)
    expect(card.venueCity).toBe('Miami')
  })
})

describe('home and about loaders', () => {
  it('home shows at most three upcoming published events and the partners', async () => {
    const data = await homeLoader(routeArgs({ request: new Request('http://x/fr'), params: { lang: 'fr' }, context: {} as never }))
    expect(data.events.length).toBeLessThanOrEqual(3)
    expect(data.events.every((e) => !e.cancelled)).toBe(true)
    expect(data.partners.some((p) => p.name === `Partner ${meetup}`)).toBe(true)
  })

  it('about lists funders apart from the other partners', async () => {
    const data = await aboutLoader(routeArgs({ request: new Request('http://x/en/about'), params: { lang: 'en' }, context: {} as never }))
    expect(data.funders.some((p) => p.name === `Partner ${meetup}`)).toBe(true)
    expect(data.partners.every((p) => !p.funder)).toBe(true)
  })
})
