import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client'
import { PARTNER_KINDS } from '#db/schema/partners'
import { invalid, parseForm, runAction } from '~/modules/admin/forms.server'
import { authorize } from '~/modules/admin/guard.server'
import { Field, FormMessage, PageTitle, SelectField, buttonClass, dangerButtonClass } from '~/modules/admin/ui'
import { partnerContactFormSchema, partnerFormSchema } from '~/modules/partners/partner-schemas'
import { addPartnerContact, createPartner, deletePartner, deletePartnerContact, listPartners } from '~/modules/partners/partners.server'
import { isLocale, translate, type MessageKey } from '~/locales'
import { useT } from '~/utils/i18n'

export const meta: MetaFunction = ({ params }) => [{ title: translate(isLocale(params.lang) ? params.lang : 'fr', 'admin.partners.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.partners', 'loader')
  return { partners: await listPartners(getDb(), user.organisationId) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.partners', 'action')
  const db = getDb()
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  const saved = { ok: true as const, intent, notice: 'admin.common.saved' }
  switch (intent) {
    case 'add-partner': {
      const parsed = parseForm(formData, partnerFormSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      return runAction(intent, async () => (await createPartner(db, user, parsed.value), saved))
    }
    case 'add-contact': {
      const parsed = parseForm(formData, partnerContactFormSchema)
      if (!parsed.ok) return invalid(`${intent}-${String(formData.get('partnerId'))}`, parsed.fieldErrors, parsed.values)
      return runAction(intent, async () => (await addPartnerContact(db, user, parsed.value), saved))
    }
    case 'delete-partner':
      return runAction(intent, async () => (await deletePartner(db, user, String(formData.get('id') ?? '')), saved))
    case 'delete-contact':
      return runAction(intent, async () => (await deletePartnerContact(db, user, String(formData.get('id') ?? '')), saved))
    default:
      return invalid(intent, {})
  }
}

export default function Partners() {
  const { partners } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const errorsFor = (intent: string) => (result && !result.ok && result.intent === intent ? result.fieldErrors : undefined)
  const kindOptions = PARTNER_KINDS.map((k) => ({ value: k, label: t(`admin.partners.kinds.${k}` as MessageKey) }))
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <PageTitle>{t('admin.partners.title')}</PageTitle>
      <FormMessage result={result} />
      {partners.length === 0 ? <p>{t('admin.partners.empty')}</p> : null}
      {partners.map((p) => (
        <article key={p.id} className="rounded border border-slate-300 p-3" aria-labelledby={`p-${p.id}`}>
          <div className="flex items-center justify-between gap-2">
            <h2 id={`p-${p.id}`} className="font-semibold">
              {p.name} <span className="text-sm font-normal text-slate-700">· {t(`admin.partners.kinds.${p.kind}` as MessageKey)}</span>
            </h2>
            <Form method="post">
              <input type="hidden" name="id" value={p.id} />
              <button type="submit" name="intent" value="delete-partner" className={dangerButtonClass}>
                {t('admin.common.delete')}
              </button>
            </Form>
          </div>
          <h3 className="mt-2 text-sm font-semibold">{t('admin.partners.contacts')}</h3>
          <ul className="text-sm">
            {p.contacts.map((c) => (
              <li key={c.id} className="flex items-center justify-between gap-2 py-1">
                <span>
                  {c.name} · {c.email} · {t(`admin.languages.${c.locale}` as MessageKey)}
                  {c.roleTitle ? ` · ${c.roleTitle}` : ''}
                </span>
                <Form method="post">
                  <input type="hidden" name="id" value={c.id} />
                  <button type="submit" name="intent" value="delete-contact" className={dangerButtonClass}>
                    {t('admin.common.delete')}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          <Form method="post" className="mt-2 grid gap-2 md:grid-cols-5" noValidate>
            <input type="hidden" name="intent" value="add-contact" />
            <input type="hidden" name="partnerId" value={p.id} />
            <Field idPrefix={`c-${p.id}`} name="name" label={t('admin.partners.fields.contactName')} errors={errorsFor(`add-contact-${p.id}`)} />
            <Field idPrefix={`c-${p.id}`} name="email" type="email" label={t('admin.partners.fields.email')} errors={errorsFor(`add-contact-${p.id}`)} />
            <SelectField
              idPrefix={`c-${p.id}`}
              name="locale"
              label={t('admin.partners.fields.locale')}
              options={[
                { value: 'fr', label: t('admin.languages.fr') },
                { value: 'en', label: t('admin.languages.en') },
              ]}
            />
            <Field idPrefix={`c-${p.id}`} name="roleTitle" label={t('admin.partners.fields.roleTitle')} errors={errorsFor(`add-contact-${p.id}`)} />
            <div className="flex items-end">
              <button type="submit" className={buttonClass}>
                {t('admin.partners.addContact')}
              </button>
            </div>
          </Form>
        </article>
      ))}
      <Form method="post" className="space-y-3 rounded border border-slate-300 p-4" noValidate>
        <h2 className="font-semibold">{t('admin.partners.add')}</h2>
        <input type="hidden" name="intent" value="add-partner" />
        <div className="grid gap-3 md:grid-cols-4">
          <Field idPrefix="np" name="name" label={t('admin.partners.fields.name')} errors={errorsFor('add-partner')} />
          <Field idPrefix="np" name="slug" label={t('admin.partners.fields.slug')} errors={errorsFor('add-partner')} />
          <SelectField idPrefix="np" name="kind" label={t('admin.partners.fields.kind')} errors={errorsFor('add-partner')} options={kindOptions} />
          <Field idPrefix="np" name="website" type="url" label={t('admin.partners.fields.website')} errors={errorsFor('add-partner')} />
        </div>
        <button type="submit" className={buttonClass}>
          {t('admin.common.add')}
        </button>
      </Form>
    </section>
  )
}
