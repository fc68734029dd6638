import { useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { invalid, parseForm, runAction } from '~/utils/forms.server'
import { authorize } from '~/modules/auth/guard.server'
import { loadSettings, saveSettings } from '~/modules/organisation/settings.server'
import { settingsFormSchema } from '~/modules/organisation/settings-schemas'
import { PageTitle } from '~/components/admin/ui'
import { translate, paramLocale } from '~/locales'
import { useT } from '~/utils/i18n'
import { CheckedForm, Field, FormMessage, buttonClass } from '~/components/forms'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'admin.settings.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.settings', 'loader')
  return { settings: await loadSettings(getDb(), user.organisationId) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.settings', 'action')
  const parsed = parseForm(await request.formData(), settingsFormSchema)
  if (!parsed.ok) return invalid('save', parsed.fieldErrors, parsed.values)
  return runAction('save', async () => (await saveSettings(getDb(), user, parsed.value), { ok: true, intent: 'save', notice: 'admin.common.saved' }))
}

export default function Settings() {
  const { settings } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const serverErrors = result && !result.ok ? result.fieldErrors : undefined
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <PageTitle>{t('admin.settings.title')}</PageTitle>
      <FormMessage result={result} />
      <CheckedForm schema={settingsFormSchema} serverErrors={serverErrors} method="post" className="grid max-w-xl gap-3">
        {(errors) => (
          <>
            <Field name="name" label={t('admin.settings.fields.name')} errors={errors} defaultValue={settings.name} />
            <Field name="legalName" label={t('admin.settings.fields.legalName')} errors={errors} defaultValue={settings.legalName} />
            <Field name="email" type="email" label={t('admin.settings.fields.email')} errors={errors} defaultValue={settings.email} />
            <Field name="organiserMailbox" type="email" label={t('admin.settings.fields.organiserMailbox')} errors={errors} defaultValue={settings.organiserMailbox} />
            <Field name="invoicePaymentTermsDays" inputMode="numeric" label={t('admin.settings.fields.invoicePaymentTermsDays')} errors={errors} defaultValue={settings.invoicePaymentTermsDays} />
            <div>
              <button type="submit" className={buttonClass}>
                {t('admin.common.save')}
              </button>
            </div>
          </>
        )}
      </CheckedForm>
    </section>
  )
}
