import { EVENT_KINDS } from '~/modules/events/vocabulary'
import { eventFormSchema, TIMEZONES } from '~/modules/events/admin-schemas'
import type { MessageKey } from '~/locales'
import { useT } from '~/utils/i18n'
import type { FieldErrors } from '~/components/forms'
import { CheckboxField, CheckedForm, Field, SelectField, buttonClass } from '~/components/forms'

export type EventFormValues = Partial<Record<string, string | string[] | boolean | null>>

function str(v: EventFormValues[string]): string | undefined {
  if (v === null || v === undefined || typeof v === 'boolean') return undefined
  return Array.isArray(v) ? v[0] : v
}

/**
 * French and English side by side; times in the venue's zone (converted on the server). Checked in
 * the browser with the schema the action parses with; `serverErrors` are the action's answer.
 */
export function EventForm({
  values,
  serverErrors,
  submitLabel,
  confirm,
}: {
  values: EventFormValues
  serverErrors?: FieldErrors
  submitLabel: string
  confirm?: boolean
}) {
  return (
    <CheckedForm schema={eventFormSchema} serverErrors={serverErrors} method="post" className="mt-4 space-y-6">
      {(errors) => <EventFields values={values} errors={errors} submitLabel={submitLabel} confirm={confirm} />}
    </CheckedForm>
  )
}

function EventFields({ values, errors, submitLabel, confirm }: { values: EventFormValues; errors: FieldErrors; submitLabel: string; confirm?: boolean }) {
  const t = useT()
  const methods = Array.isArray(values.paymentMethods) ? values.paymentMethods : values.paymentMethods ? [String(values.paymentMethods)] : []
  const bilingual = (name: string, label: MessageKey, multiline?: boolean) => (
    <div className="grid gap-4 md:grid-cols-2">
      <Field name={`${name}Fr`} lang="fr" label={`${t(label)} — ${t('admin.common.french')}`} errors={errors} defaultValue={str(values[`${name}Fr`])} multiline={multiline} />
      <Field name={`${name}En`} lang="en" label={`${t(label)} — ${t('admin.common.english')}`} errors={errors} defaultValue={str(values[`${name}En`])} multiline={multiline} />
    </div>
  )
  return (
    <>
      <input type="hidden" name="intent" value="save" />
      {confirm ? <input type="hidden" name="confirmChange" value="true" /> : null}
      <fieldset className="space-y-4 rounded border border-slate-300 p-4">
        <legend className="px-1 font-semibold">{t('admin.events.sections.content')}</legend>
        <div className="grid gap-4 md:grid-cols-2">
          <SelectField
            name="kind"
            label={t('admin.events.fields.kind')}
            errors={errors}
            defaultValue={str(values.kind) ?? 'b2b_meetup'}
            options={EVENT_KINDS.map((k) => ({ value: k, label: t(`admin.kinds.${k}`) }))}
          />
          <Field name="slug" label={t('admin.events.fields.slug')} errors={errors} defaultValue={str(values.slug)} />
        </div>
        {bilingual('title', 'admin.events.fields.title')}
        {bilingual('summary', 'admin.events.fields.summary', true)}
        {bilingual('description', 'admin.events.fields.description', true)}
      </fieldset>
      <fieldset className="space-y-4 rounded border border-slate-300 p-4">
        <legend className="px-1 font-semibold">{t('admin.events.sections.when')}</legend>
        <div className="grid gap-4 md:grid-cols-3">
          <SelectField
            name="timezone"
            label={t('admin.events.fields.timezone')}
            errors={errors}
            defaultValue={str(values.timezone) ?? 'America/New_York'}
            options={TIMEZONES.map((z) => ({ value: z, label: z }))}
          />
          <Field name="startsLocal" type="datetime-local" label={t('admin.events.fields.starts')} errors={errors} defaultValue={str(values.startsLocal)} />
          <Field name="endsLocal" type="datetime-local" label={t('admin.events.fields.ends')} errors={errors} defaultValue={str(values.endsLocal)} />
        </div>
        <div className="grid gap-4 md:grid-cols-2">
          <Field name="venueName" label={t('admin.events.fields.venueName')} errors={errors} defaultValue={str(values.venueName)} />
          <Field name="venueAddress" label={t('admin.events.fields.venueAddress')} errors={errors} defaultValue={str(values.venueAddress)} />
          <Field name="venueCity" label={t('admin.events.fields.venueCity')} errors={errors} defaultValue={str(values.venueCity)} />
          <Field name="venueCountry" label={t('admin.events.fields.venueCountry')} errors={errors} defaultValue={str(values.venueCountry) ?? 'US'} />
        </div>
      </fieldset>
      <fieldset className="space-y-4 rounded border border-slate-300 p-4">
        <legend className="px-1 font-semibold">{t('admin.events.sections.sales')}</legend>
        <div className="grid gap-4 md:grid-cols-3">
          <SelectField
            name="currency"
            label={t('admin.events.fields.currency')}
            errors={errors}
            defaultValue={str(values.currency) ?? 'USD'}
            options={[
              { value: 'USD', label: 'USD' },
              { value: 'EUR', label: 'EUR' },
            ]}
          />
          <Field name="taxRatePercent" inputMode="decimal" label={t('admin.events.fields.taxRate')} errors={errors} defaultValue={str(values.taxRatePercent) ?? '0'} />
          <Field name="capacity" inputMode="numeric" label={t('admin.events.fields.capacity')} errors={errors} defaultValue={str(values.capacity)} />
        </div>
        <CheckboxField name="approvalRequired" label={t('admin.events.fields.approvalRequired')} defaultChecked={values.approvalRequired === true || values.approvalRequired === 'on'} />
        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">{t('admin.events.fields.paymentMethods')}</legend>
          <CheckboxField name="paymentMethods" value="card" label={t('admin.events.fields.card')} defaultChecked={methods.includes('card')} />
          <CheckboxField name="paymentMethods" value="invoice" label={t('admin.events.fields.invoice')} defaultChecked={methods.includes('invoice')} />
        </fieldset>
        <Field name="reminderHours" label={t('admin.events.fields.reminderHours')} errors={errors} defaultValue={str(values.reminderHours) ?? '168, 24, 2'} />
        {bilingual('cancellationTerms', 'admin.events.fields.cancellationTerms', true)}
      </fieldset>
      <button type="submit" className={buttonClass}>
        {submitLabel}
      </button>
    </>
  )
}
