import type { ReactNode } from 'react'
import { NavLink } from '@remix-run/react'
import type { MessageKey } from '~/locales'
import { localePath, useLocale, useT } from '~/utils/i18n'
import type { FieldErrors } from '~/modules/admin/errors'
import { translateMessage } from '~/locales'

export const inputClass =
  'mt-1 block w-full rounded border border-slate-400 px-3 py-2 text-sm text-slate-900 focus:outline-none focus:ring-2 focus:ring-brand-600'
export const buttonClass =
  'inline-flex items-center rounded bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800 focus:outline-none focus:ring-2 focus:ring-brand-600 focus:ring-offset-2'
export const secondaryButtonClass =
  'inline-flex items-center rounded border border-slate-400 bg-white px-3 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-brand-600'
export const dangerButtonClass =
  'inline-flex items-center rounded border border-red-700 bg-white px-3 py-1 text-sm font-semibold text-red-800 hover:bg-red-50 focus:outline-none focus:ring-2 focus:ring-red-600'

function fieldId(name: string, idPrefix?: string) {
  return `${idPrefix ?? 'f'}-${name}`
}

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  const t = useT()
  if (!errors || errors.length === 0) return null
  return (
    <p id={id} className="mt-1 text-sm font-medium text-red-800">
      {errors.map((e) => translateMessage(t, e)).join(' ')}
    </p>
  )
}

type FieldProps = {
  name: string
  label: string
  errors?: FieldErrors
  defaultValue?: string | number | null
  type?: string
  required?: boolean
  idPrefix?: string
  lang?: string
  multiline?: boolean
  rows?: number
  hint?: string
  inputMode?: 'numeric' | 'decimal' | 'text' | 'email'
}

/** A labelled input; its error sits next to it and is linked with aria-describedby. */
export function Field({ name, label, errors, defaultValue, type = 'text', required, idPrefix, lang, multiline, rows = 4, hint, inputMode }: FieldProps) {
  const id = fieldId(name, idPrefix)
  const fieldErrors = errors?.[name]
  const describedBy = [fieldErrors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined
  const common = {
    id,
    name,
    required,
    lang,
    defaultValue: defaultValue ?? undefined,
    'aria-invalid': fieldErrors?.length ? true : undefined,
    'aria-describedby': describedBy,
    className: inputClass,
  }
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold text-slate-800">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-700">
          {hint}
        </p>
      ) : null}
      {multiline ? <textarea rows={rows} {...common} /> : <input type={type} inputMode={inputMode} {...common} />}
      <FieldError id={`${id}-error`} errors={fieldErrors} />
    </div>
  )
}

export function SelectField({
  name,
  label,
  options,
  errors,
  defaultValue,
  idPrefix,
  includeEmpty,
}: {
  name: string
  label: string
  options: { value: string; label: string }[]
  errors?: FieldErrors
  defaultValue?: string | null
  idPrefix?: string
  includeEmpty?: string
}) {
  const id = fieldId(name, idPrefix)
  const fieldErrors = errors?.[name]
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold text-slate-800">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ''}
        aria-invalid={fieldErrors?.length ? true : undefined}
        aria-describedby={fieldErrors?.length ? `${id}-error` : undefined}
        className={inputClass}
      >
        {includeEmpty !== undefined ? <option value="">{includeEmpty}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} errors={fieldErrors} />
    </div>
  )
}

export function CheckboxField({ name, label, defaultChecked, value, idPrefix }: { name: string; label: string; defaultChecked?: boolean; value?: string; idPrefix?: string }) {
  const id = `${fieldId(name, idPrefix)}${value ? `-${value}` : ''}`
  return (
    <div className="flex items-center gap-2">
      <input id={id} type="checkbox" name={name} value={value ?? 'on'} defaultChecked={defaultChecked} className="h-4 w-4 rounded border-slate-500" />
      <label htmlFor={id} className="text-sm text-slate-800">
        {label}
      </label>
    </div>
  )
}

export function FormMessage({ result }: { result?: { ok: boolean; formError?: string; notice?: string } | null }) {
  const t = useT()
  if (!result) return null
  if (!result.ok && result.formError) {
    return (
      <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2 text-sm font-medium text-red-900">
        {translateMessage(t, result.formError)}
      </p>
    )
  }
  if (result.ok && result.notice) {
    return (
      <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2 text-sm font-medium text-green-900">
        {translateMessage(t, result.notice)}
      </p>
    )
  }
  return null
}

export function PageTitle({ children, id = 'page-title' }: { children: ReactNode; id?: string }) {
  return (
    <h1 id={id} className="text-2xl font-bold text-slate-900">
      {children}
    </h1>
  )
}

export function EventTabs({ eventId }: { eventId: string }) {
  const t = useT()
  const locale = useLocale()
  const tabs: { to: string; label: MessageKey; end?: boolean }[] = [
    { to: '', label: 'admin.events.tabs.details', end: true },
    { to: '/programme', label: 'admin.events.tabs.programme' },
    { to: '/tickets', label: 'admin.events.tabs.tickets' },
    { to: '/attendees', label: 'admin.events.tabs.attendees' },
    { to: '/waitlist', label: 'admin.events.tabs.waitlist' },
    { to: '/checkin', label: 'admin.events.tabs.checkin' },
    { to: '/messages', label: 'admin.messages.tab' },
    { to: '/cancel', label: 'admin.events.cancel.tab' },
  ]
  return (
    <nav aria-label={t('admin.events.tabs.label')} className="mt-4 border-b border-slate-300">
      <ul className="flex flex-wrap gap-1">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink
              to={localePath(locale, `/admin/events/${eventId}${tab.to}`)}
              end={tab.end}
              className={({ isActive }) =>
                `block rounded-t px-3 py-2 text-sm font-medium ${isActive ? 'bg-brand-700 text-white' : 'text-slate-800 hover:bg-slate-100'}`
              }
            >
              {t(tab.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}
