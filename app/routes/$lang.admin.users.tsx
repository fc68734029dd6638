import { Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { invalid, parseForm, runAction } from '~/utils/forms.server'
import { authorize } from '~/modules/auth/guard.server'
import { PageTitle } from '~/components/admin/ui'
import { listPartners } from '~/modules/partners/partners.server'
import { inviteUserFormSchema, userRolesFormSchema, ROLES } from '~/modules/users/user-schemas'
import { inviteUser, listUsers, resendInvitation, setUserDisabled, setUserRoles } from '~/modules/users/users.server'
import { translate, paramLocale } from '~/locales'
import { useT } from '~/utils/i18n'
import { CheckboxField, CheckedForm, ErrorList, Field, FormMessage, SelectField, buttonClass, secondaryButtonClass } from '~/components/forms'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'admin.users.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.users', 'loader')
  const db = getDb()
  const [people, partners] = await Promise.all([listUsers(db, user.organisationId), listPartners(db, user.organisationId)])
  return { people, partners: partners.map((p) => ({ id: p.id, name: p.name })), me: user.id }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.users', 'action')
  const db = getDb()
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  switch (intent) {
    case 'invite': {
      const parsed = parseForm(formData, inviteUserFormSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      return runAction(intent, async () => (await inviteUser(db, user, parsed.value), { ok: true, intent, notice: 'admin.users.invited' }))
    }
    case 'roles': {
      const parsed = parseForm(formData, userRolesFormSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      return runAction(intent, async () => (await setUserRoles(db, user, parsed.value), { ok: true, intent, notice: 'admin.common.saved' }))
    }
    case 'resend':
      return runAction(intent, async () => (await resendInvitation(db, user, String(formData.get('userId') ?? '')), { ok: true, intent, notice: 'admin.users.resent' }))
    case 'disable':
    case 'enable':
      return runAction(intent, async () => (await setUserDisabled(db, user, String(formData.get('userId') ?? ''), intent === 'disable'), { ok: true, intent, notice: 'admin.common.saved' }))
    default:
      return invalid(intent, {})
  }
}

export default function Users() {
  const { people, partners } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const failed = result && !result.ok ? result : undefined
  const inviteErrors = failed?.intent === 'invite' ? failed.fieldErrors : undefined
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <PageTitle>{t('admin.users.title')}</PageTitle>
      <FormMessage result={result} />
      <ul className="divide-y divide-slate-200 rounded border border-slate-200">
        {people.map((p) => (
          <li key={p.id} className="space-y-2 px-3 py-2">
            <p>
              <span className="font-semibold">{p.name}</span> · {p.email}
              {p.disabledAt ? <span className="ml-1 text-red-800">({t('admin.users.disabled')})</span> : null}
              {!p.disabledAt && !p.hasPassword ? <span className="ml-1 text-slate-700">({t('admin.users.pending')})</span> : null}
            </p>
            <div className="flex flex-wrap items-end gap-3">
              <CheckedForm
                schema={userRolesFormSchema}
                serverErrors={failed?.intent === 'roles' && failed.values?.userId === p.id ? failed.fieldErrors : undefined}
                method="post"
                className="flex flex-wrap items-center gap-3"
              >
                {(errors) => (
                  <>
                    <input type="hidden" name="userId" value={p.id} />
                    <fieldset className="flex flex-wrap gap-3" aria-describedby={errors.roles ? `r-${p.id}-roles-error` : undefined}>
                      <legend className="sr-only">{t('admin.users.fields.roles')}</legend>
                      {ROLES.map((role) => (
                        <CheckboxField key={role} idPrefix={`r-${p.id}`} name="roles" value={role} label={t(`admin.users.roles.${role}`)} defaultChecked={p.roles.includes(role)} />
                      ))}
                    </fieldset>
                    <button type="submit" name="intent" value="roles" className={secondaryButtonClass}>
                      {t('admin.users.saveRoles')}
                    </button>
                    <ErrorList id={`r-${p.id}-roles-error`} errors={errors.roles} />
                  </>
                )}
              </CheckedForm>
              {!p.disabledAt && !p.hasPassword ? (
                <Form method="post">
                  <input type="hidden" name="userId" value={p.id} />
                  <button type="submit" name="intent" value="resend" className={secondaryButtonClass}>
                    {t('admin.users.resend')}
                  </button>
                </Form>
              ) : null}
              <Form method="post">
                <input type="hidden" name="userId" value={p.id} />
                <button type="submit" name="intent" value={p.disabledAt ? 'enable' : 'disable'} className={secondaryButtonClass}>
                  {p.disabledAt ? t('admin.users.enable') : t('admin.users.disable')}
                </button>
              </Form>
            </div>
          </li>
        ))}
      </ul>
      <CheckedForm schema={inviteUserFormSchema} serverErrors={inviteErrors} method="post" className="space-y-3 rounded border border-slate-300 p-4">
        {(errors) => (
          <>
            <h2 className="font-semibold">{t('admin.users.invite')}</h2>
            <input type="hidden" name="intent" value="invite" />
            <div className="grid gap-3 md:grid-cols-3">
              <Field idPrefix="inv" name="name" label={t('admin.users.fields.name')} errors={errors} />
              <Field idPrefix="inv" name="email" type="email" label={t('admin.users.fields.email')} errors={errors} />
              <SelectField
                idPrefix="inv"
                name="locale"
                label={t('admin.users.fields.locale')}
                errors={errors}
                options={[
                  { value: 'fr', label: t('admin.languages.fr') },
                  { value: 'en', label: t('admin.languages.en') },
                ]}
              />
            </div>
            <fieldset className="flex flex-wrap gap-3" aria-describedby={errors.roles ? 'inv-roles-error' : undefined}>
              <legend className="text-sm font-semibold">{t('admin.users.fields.roles')}</legend>
              {ROLES.map((role) => (
                <CheckboxField key={role} idPrefix="inv" name="roles" value={role} label={t(`admin.users.roles.${role}`)} />
              ))}
            </fieldset>
            <ErrorList id="inv-roles-error" errors={errors.roles} />
            <SelectField idPrefix="inv" name="partnerId" label={t('admin.users.fields.partner')} errors={errors} includeEmpty="—" options={partners.map((p) => ({ value: p.id, label: p.name }))} />
            <button type="submit" className={buttonClass}>
              {t('admin.users.invite')}
            </button>
          </>
        )}
      </CheckedForm>
    </section>
  )
}
