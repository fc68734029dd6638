import { Link, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { eventHeading } from '~/modules/events/event-lookups.server'
import { localized, translate, type Locale, paramLocale, type CatalogueSection } from '~/locales'
import { findOffer } from '~/modules/registration/waitlist.server'
import { buttonClass } from '~/components/forms'
import { notFound, requireLocale } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { describeInstant } from '~/utils/time'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['registration'] } satisfies { catalogue: CatalogueSection[] }

export const meta: MetaFunction = ({ params }) => {
  const locale: Locale = paramLocale(params)
  return [{ title: translate(locale, 'registration.waitlist.offerHeading') }, { name: 'robots', content: 'noindex' }]
}

/** The link of a waiting-list offer: shows it, then hands over to the registration form with the seats set aside. */
export async function loader({ params }: LoaderFunctionArgs) {
  requireLocale(params)
  if (!params.token) notFound()
  const offer = await findOffer(params.token)
  if (!offer) return { offer: null, token: null }
  const event = await eventHeading(offer.eventId)
  if (!event) notFound()
  return {
    token: params.token,
    offer: { quantity: offer.quantity, until: offer.offerExpiresAt, slug: offer.eventSlug, ticketTypeId: offer.ticketTypeId, title: event.title, timezone: event.timezone },
  }
}

export default function WaitlistOffer() {
  const { offer, token } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  if (!offer || !token)
    return (
      <div className="mx-auto max-w-2xl px-4 py-16">
        <h1 className="text-3xl font-bold">{t('registration.waitlist.offerHeading')}</h1>
        <p role="alert" className="mt-4 text-lg">{t('registration.waitlist.offerGone')}</p>
      </div>
    )
  const target = localePath(locale, `/events/${offer.slug}/register?offer=${encodeURIComponent(token)}&qty.${offer.ticketTypeId}=${offer.quantity}`)
  return (
    <div className="mx-auto max-w-2xl space-y-6 px-4 py-16">
      <h1 className="text-3xl font-bold">{t('registration.waitlist.offerHeading')}</h1>
      <p className="text-lg font-medium">{localized(offer.title, locale)}</p>
      <p>{t('registration.waitlist.offerBody', { quantity: offer.quantity, until: offer.until ? describeInstant(new Date(offer.until), offer.timezone, locale) : '' })}</p>
      <Link to={target} className={buttonClass}>{t('registration.waitlist.claim')}</Link>
    </div>
  )
}
