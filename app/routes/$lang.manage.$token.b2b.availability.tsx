import { Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { pageTitle } from '~/utils/page-meta'
import { z } from 'zod'
import { FormMessage, SubmitButton } from '~/components/forms'
import { delegatesOf, participantOfToken } from '~/modules/b2b/participants.server'
import { availabilityOf, sessionsOf, setAvailability } from '~/modules/b2b/sessions.server'
import { orRespond, runAction } from '~/utils/forms.server'
import { badRequest, notFound, requireLocale } from '~/utils/http.server'
import { useT } from '~/utils/i18n'
import { describeInstant } from '~/utils/time'

async function context(token: string | undefined) {
  const ctx = await orRespond(participantOfToken(token ?? ''))
  if (!ctx) notFound()
  return ctx
}

export const meta: MetaFunction = ({ params }) => pageTitle(params, 'b2b.title', undefined, [{ name: 'robots', content: 'noindex' }])

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const ctx = await context(params.token)
  const [delegates, { slots }] = await Promise.all([delegatesOf(ctx.registration.id), sessionsOf(ctx.event.id)])
  const stated = await availabilityOf(ctx.event.id, delegates.map((d) => d.id))
  return {
    slots: slots.map((s) => ({ id: s.id, label: describeInstant(s.startsAt, ctx.event.timezone, locale) })),
    delegates: delegates.map((d) => ({ id: d.id, name: `${d.firstName} ${d.lastName}`, available: stated.get(d.id) ?? slots.map((s) => s.id) })),
  }
}

export async function action({ params, request }: ActionFunctionArgs) {
  requireLocale(params)
  const ctx = await context(params.token)
  const form = await request.formData()
  const attendeeId = z.guid().safeParse(form.get('attendeeId'))
  if (!attendeeId.success) badRequest()
  const slotIds = form.getAll('slot').filter((v): v is string => typeof v === 'string')
  return runAction('availability', async () => {
    await setAvailability(ctx, attendeeId.data, slotIds)
    return { ok: true, intent: 'availability', notice: 'b2b.availability.saved' }
  })
}

export default function Availability() {
  const { slots, delegates } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  if (!slots.length) return <p>{t('b2b.availability.noSlots')}</p>
  return (
    <section aria-labelledby="availability-title" className="space-y-4">
      <h2 id="availability-title" className="text-xl font-semibold">{t('b2b.nav.availability')}</h2>
      <p>{t('b2b.availability.intro')}</p>
      <FormMessage result={result} />
      {delegates.map((d) => (
        <Form method="post" key={d.id} className="rounded border border-slate-300 p-3">
          <input type="hidden" name="attendeeId" value={d.id} />
          <fieldset>
            <legend className="font-semibold">{d.name}</legend>
            <ul className="mt-2 space-y-1">
              {slots.map((s) => (
                <li key={s.id}>
                  <label className="flex items-center gap-2">
                    <input type="checkbox" name="slot" value={s.id} defaultChecked={d.available.includes(s.id)} />
                    {s.label}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <SubmitButton className="mt-2">{t('b2b.availability.save')}</SubmitButton>
        </Form>
      ))}
    </section>
  )
}
