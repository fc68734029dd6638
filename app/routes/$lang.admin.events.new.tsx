import { redirect, useActionData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { EventForm } from '~/components/admin/event-form'
import { invalid, parseForm, runAction } from '~/utils/forms.server'
import { authorize } from '~/modules/auth/guard.server'
import { PageTitle } from '~/components/admin/ui'
import { createEvent } from '~/modules/events/events.server'
import { eventFormSchema } from '~/modules/events/admin-schemas'
import { translate, paramLocale } from '~/locales'
import { requestLocale } from '~/utils/http.server'
import { localePath, useT } from '~/utils/i18n'
import { FormMessage } from '~/components/forms'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'admin.events.newTitle') }]

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request, '$lang.admin.events.new', 'loader')
  return null
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.new', 'action')
  const parsed = parseForm(await request.formData(), eventFormSchema)
  if (!parsed.ok) return invalid('save', parsed.fieldErrors, parsed.values)
  let eventId = ''
  const result = await runAction('save', async () => {
    eventId = await createEvent(getDb(), user, parsed.value)
  })
  if (!eventId) return result
  return redirect(localePath(requestLocale(request, params), `/admin/events/${eventId}?created=1`))
}

export default function NewEvent() {
  const result = useActionData<typeof action>()
  const t = useT()
  const failed = result && !result.ok ? result : null
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{t('admin.events.newTitle')}</PageTitle>
      <FormMessage result={failed} />
      <EventForm
        values={failed?.values ?? { paymentMethods: ['card', 'invoice'] }}
        serverErrors={failed?.fieldErrors}
        submitLabel={t('admin.common.save')}
      />
    </section>
  )
}
