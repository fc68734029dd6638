import { data, Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { invalid, parseForm, runAction, type FormValues } from '~/utils/forms.server'
import { authorize } from '~/modules/auth/guard.server'
import { PageTitle } from '~/components/admin/ui'
import { partnerContactEditSchema, partnerContactFormSchema, partnerDeleteSchema, partnerEditSchema, partnerFormSchema, PARTNER_KINDS } from '~/modules/partners/partner-schemas'
import {
  addPartnerContact,
  createPartner,
  deletePartner,
  deletePartnerContact,
  listPartners,
  updatePartner,
  updatePartnerContact,
} from '~/modules/partners/partners.server'
import { contactSessionAnswers } from '~/modules/inbound/guest-list.server'
import { AnswerBadge } from '~/components/admin/guest-answers'
import { translate, paramLocale, localized } from '~/locales'
import { useLocale, useT } from '~/utils/i18n'
import { CheckedForm, Field, FormMessage, SelectField, buttonClass, dangerButtonClass } from '~/components/forms'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'admin.partners.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.partners', 'loader')
  const partners = await listPartners(getDb(), user.organisationId)
  const answers = await contactSessionAnswers(
    getDb(),
    user.organisationId,
    partners.flatMap((p) => p.contacts.map((c) => c.id)),
  )
  return { partners, answers }
}

/** A change that touches invitations people hold: the page asks before doing it (409, nothing written). */
type ConfirmStep = {
  ok: false
  intent: 'confirm'
  confirm: 'edit-contact' | 'delete-contact' | 'delete-partner'
  id: string
  fieldErrors: Record<string, never>
  values: FormValues
  sessions: number
  invitations: number
}

function formValues(formData: FormData): FormValues {
  const values: FormValues = {}
  for (const [k, v] of formData.entries()) if (typeof v === 'string') values[k] = v
  return values
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.partners', 'action')
  const db = getDb()
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  const saved = { ok: true as const, intent, notice: 'admin.common.saved' }
  let confirm: ConfirmStep | null = null
  const ask = (kind: ConfirmStep['confirm'], id: string, impact: { sessions: number; invitations: number }) => {
    confirm = { ok: false, intent: 'confirm', confirm: kind, id, fieldErrors: {}, values: formValues(formData), sessions: impact.sessions, invitations: impact.invitations }
  }
  switch (intent) {
    case 'add-partner': {
      const parsed = parseForm(formData, partnerFormSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      return runAction(intent, async () => (await createPartner(db, user, parsed.value), saved))
    }
    case 'edit-partner': {
      const key = `${intent}-${String(formData.get('id'))}`
      const parsed = parseForm(formData, partnerEditSchema)
      if (!parsed.ok) return invalid(key, parsed.fieldErrors, parsed.values)
      return runAction(key, async () => (await updatePartner(db, user, parsed.value), { ...saved, intent: key }))
    }
    case 'add-contact': {
      const key = `${intent}-${String(formData.get('partnerId'))}`
      const parsed = parseForm(formData, partnerContactFormSchema)
      if (!parsed.ok) return invalid(key, parsed.fieldErrors, parsed.values)
      return runAction(key, async () => (await addPartnerContact(db, user, parsed.value), { ...saved, intent: key }))
    }
    case 'edit-contact': {
      const key = `${intent}-${String(formData.get('id'))}`
      const parsed = parseForm(formData, partnerContactEditSchema)
      if (!parsed.ok) return invalid(key, parsed.fieldErrors, parsed.values)
      const result = await runAction(key, async () => {
        const outcome = await updatePartnerContact(db, user, parsed.value)
        if (outcome.kind === 'confirm') return ask('edit-contact', parsed.value.id, outcome)
        return { ...saved, intent: key, invitations: outcome.invitations }
      })
      return confirm ? data(confirm as ConfirmStep, { status: 409 }) : result
    }
    case 'delete-partner':
    case 'delete-contact': {
      const parsed = parseForm(formData, partnerDeleteSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      const result = await runAction(intent, async () => {
        const remove = intent === 'delete-partner' ? deletePartner : deletePartnerContact
        const outcome = await remove(db, user, parsed.value.id, parsed.value.confirmChange)
        if (outcome.kind === 'confirm') return ask(intent, parsed.value.id, outcome)
        return { ...saved, withdrawn: outcome.withdrawn }
      })
      return confirm ? data(confirm as ConfirmStep, { status: 409 }) : result
    }
    default:
      return invalid(intent, {})
  }
}

export default function Partners() {
  const { partners, answers } = useLoaderData<typeof loader>()
  const lang = useLocale()
  const result = useActionData<typeof action>()
  const t = useT()
  const confirm = result && 'confirm' in result ? (result as ConfirmStep) : null
  const failed = result && !result.ok && !confirm ? result : null
  const errorsFor = (intent: string) => (failed && failed.intent === intent ? failed.fieldErrors : undefined)
  const valuesFor = (intent: string) => (failed && failed.intent === intent && 'values' in failed ? failed.values : undefined)
  const withdrawn = result && result.ok && 'withdrawn' in result ? Number(result.withdrawn) : 0
  const invitations = result && result.ok && 'invitations' in result ? Number(result.invitations) : 0
  const kindOptions = PARTNER_KINDS.map((k) => ({ value: k, label: t(`admin.partners.kinds.${k}`) }))
  const localeOptions = [
    { value: 'fr', label: t('admin.languages.fr') },
    { value: 'en', label: t('admin.languages.en') },
  ]

  /** The confirmation step for deleting a partner or a contact whose people hold invitations. */
  const deleteConfirmation = (kind: 'delete-partner' | 'delete-contact', id: string) =>
    confirm && confirm.confirm === kind && confirm.id === id ? (
      <Form method="post" role="alertdialog" aria-labelledby={`confirm-${id}`} className="mt-2 rounded border-2 border-amber-600 bg-amber-50 p-3">
        <h3 id={`confirm-${id}`} className="font-semibold">
          {t(kind === 'delete-partner' ? 'admin.partners.confirm.deletePartnerTitle' : 'admin.partners.confirm.deleteContactTitle')}
        </h3>
        <p className="mt-1 text-sm">{t('admin.partners.confirm.deleteBody', { sessions: confirm.sessions, invitations: confirm.invitations })}</p>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="confirmChange" value="on" />
        <button type="submit" name="intent" value={kind} className={`${dangerButtonClass} mt-2`}>
          {t('admin.partners.confirm.deleteSubmit')}
        </button>
      </Form>
    ) : null

  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <PageTitle>{t('admin.partners.title')}</PageTitle>
      {withdrawn > 0 ? (
        <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2 text-sm font-medium text-green-900">
          {t('admin.partners.deleted', { withdrawn })}
        </p>
      ) : invitations > 0 ? (
        <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2 text-sm font-medium text-green-900">
          {t('admin.partners.contactSaved', { invitations })}
        </p>
      ) : (
        <FormMessage result={confirm ? null : result} />
      )}
      {partners.length === 0 ? <p>{t('admin.partners.empty')}</p> : null}
      {partners.map((p) => {
        const editKey = `edit-partner-${p.id}`
        const edited = valuesFor(editKey)
        return (
          <article key={p.id} className="rounded border border-slate-300 p-3" aria-labelledby={`p-${p.id}`}>
            <div className="flex items-center justify-between gap-2">
              <h2 id={`p-${p.id}`} className="font-semibold">
                {p.name} <span className="text-sm font-normal text-slate-700">· {t(`admin.partners.kinds.${p.kind}`)}</span>
              </h2>
              <Form method="post">
                <input type="hidden" name="id" value={p.id} />
                <button type="submit" name="intent" value="delete-partner" className={dangerButtonClass}>
                  {t('admin.common.delete')}
                </button>
              </Form>
            </div>
            {deleteConfirmation('delete-partner', p.id)}
            <details className="mt-2" open={Boolean(errorsFor(editKey))}>
              <summary className="cursor-pointer text-sm font-semibold">{t('admin.partners.edit')}</summary>
              <CheckedForm schema={partnerEditSchema} serverErrors={errorsFor(editKey)} method="post" className="mt-2 grid gap-2 md:grid-cols-5">
                {(errors) => (
                  <>
                    <input type="hidden" name="intent" value="edit-partner" />
                    <input type="hidden" name="id" value={p.id} />
                    <Field idPrefix={`e-${p.id}`} name="name" label={t('admin.partners.fields.name')} errors={errors} defaultValue={String(edited?.name ?? p.name)} />
                    <Field idPrefix={`e-${p.id}`} name="slug" label={t('admin.partners.fields.slug')} errors={errors} defaultValue={String(edited?.slug ?? p.slug)} />
                    <SelectField idPrefix={`e-${p.id}`} name="kind" label={t('admin.partners.fields.kind')} errors={errors} options={kindOptions} defaultValue={String(edited?.kind ?? p.kind)} />
                    <Field idPrefix={`e-${p.id}`} name="website" type="url" label={t('admin.partners.fields.website')} errors={errors} defaultValue={String(edited?.website ?? p.website ?? '')} />
                    <div className="flex items-end">
                      <button type="submit" className={buttonClass}>
                        {t('admin.common.save')}
                      </button>
                    </div>
                  </>
                )}
              </CheckedForm>
            </details>
            <h3 className="mt-2 text-sm font-semibold">{t('admin.partners.contacts')}</h3>
            <ul className="text-sm">
              {p.contacts.map((c) => {
                const contactKey = `edit-contact-${c.id}`
                const asking = confirm && confirm.confirm === 'edit-contact' && confirm.id === c.id ? confirm : null
                const typed = asking?.values ?? valuesFor(contactKey)
                return (
                  <li key={c.id} className="py-1">
                    <div className="flex items-center justify-between gap-2">
                      <span>
                        {c.name} · {c.email} · {t(`admin.languages.${c.locale}`)}
                        {c.roleTitle ? ` · ${c.roleTitle}` : ''}
                      </span>
                      <Form method="post">
                        <input type="hidden" name="id" value={c.id} />
                        <button type="submit" name="intent" value="delete-contact" className={dangerButtonClass}>
                          {t('admin.common.delete')}
                        </button>
                      </Form>
                    </div>
                    {answers[c.id]?.length ? (
                      <ul className="ml-4 text-xs" aria-label={t('inbound.guestList.title')}>
                        {answers[c.id].map((a) => (
                          <li key={a.programmeItemId} className="py-0.5">
                            {localized(a.session, lang)} · {localized(a.event, lang)} <AnswerBadge answer={a.answer} />
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    {deleteConfirmation('delete-contact', c.id)}
                    <details open={Boolean(asking || errorsFor(contactKey))}>
                      <summary className="cursor-pointer" aria-label={t('admin.partners.editContactOf', { name: c.name })}>
                        {t('admin.partners.editContact')}
                      </summary>
                      <CheckedForm schema={partnerContactEditSchema} serverErrors={errorsFor(contactKey)} method="post" className="mt-1 grid gap-2 md:grid-cols-5" key={asking ? 'confirm' : 'edit'}>
                        {(errors) => (
                          <>
                            <input type="hidden" name="intent" value="edit-contact" />
                            <input type="hidden" name="id" value={c.id} />
                            <Field idPrefix={`ec-${c.id}`} name="name" label={t('admin.partners.fields.contactName')} errors={errors} defaultValue={String(typed?.name ?? c.name)} />
                            <Field idPrefix={`ec-${c.id}`} name="email" type="email" label={t('admin.partners.fields.email')} errors={errors} defaultValue={String(typed?.email ?? c.email)} />
                            <SelectField idPrefix={`ec-${c.id}`} name="locale" label={t('admin.partners.fields.locale')} options={localeOptions} defaultValue={String(typed?.locale ?? c.locale)} />
                            <Field idPrefix={`ec-${c.id}`} name="roleTitle" label={t('admin.partners.fields.roleTitle')} errors={errors} defaultValue={String(typed?.roleTitle ?? c.roleTitle ?? '')} />
                            {asking ? (
                              <div role="alertdialog" aria-labelledby={`confirm-${c.id}`} className="rounded border-2 border-amber-600 bg-amber-50 p-3 md:col-span-5">
                                <h4 id={`confirm-${c.id}`} className="font-semibold">
                                  {t('admin.partners.confirm.emailTitle')}
                                </h4>
                                <p className="mt-1">
                                  {t('admin.partners.confirm.emailBody', { name: c.name, sessions: asking.sessions, from: c.email, to: String(asking.values.email ?? '') })}
                                </p>
                                <input type="hidden" name="confirmChange" value="on" />
                              </div>
                            ) : null}
                            <div className="flex items-end">
                              <button type="submit" className={buttonClass}>
                                {asking ? t('admin.partners.confirm.emailSubmit') : t('admin.common.save')}
                              </button>
                            </div>
                          </>
                        )}
                      </CheckedForm>
                    </details>
                  </li>
                )
              })}
            </ul>
            <CheckedForm schema={partnerContactFormSchema} serverErrors={errorsFor(`add-contact-${p.id}`)} method="post" className="mt-2 grid gap-2 md:grid-cols-5">
              {(errors) => (
                <>
                  <input type="hidden" name="intent" value="add-contact" />
                  <input type="hidden" name="partnerId" value={p.id} />
                  <Field idPrefix={`c-${p.id}`} name="name" label={t('admin.partners.fields.contactName')} errors={errors} />
                  <Field idPrefix={`c-${p.id}`} name="email" type="email" label={t('admin.partners.fields.email')} errors={errors} />
                  <SelectField idPrefix={`c-${p.id}`} name="locale" label={t('admin.partners.fields.locale')} options={localeOptions} />
                  <Field idPrefix={`c-${p.id}`} name="roleTitle" label={t('admin.partners.fields.roleTitle')} errors={errors} />
                  <div className="flex items-end">
                    <button type="submit" className={buttonClass}>
                      {t('admin.partners.addContact')}
                    </button>
                  </div>
                </>
              )}
            </CheckedForm>
          </article>
        )
      })}
      <CheckedForm schema={partnerFormSchema} serverErrors={errorsFor('add-partner')} method="post" className="space-y-3 rounded border border-slate-300 p-4">
        {(errors) => (
          <>
            <h2 className="font-semibold">{t('admin.partners.add')}</h2>
            <input type="hidden" name="intent" value="add-partner" />
            <div className="grid gap-3 md:grid-cols-4">
              <Field idPrefix="np" name="name" label={t('admin.partners.fields.name')} errors={errors} />
              <Field idPrefix="np" name="slug" label={t('admin.partners.fields.slug')} errors={errors} />
              <SelectField idPrefix="np" name="kind" label={t('admin.partners.fields.kind')} errors={errors} options={kindOptions} />
              <Field idPrefix="np" name="website" type="url" label={t('admin.partners.fields.website')} errors={errors} />
            </div>
            <button type="submit" className={buttonClass}>
              {t('admin.common.add')}
            </button>
          </>
        )}
      </CheckedForm>
    </section>
  )
}
