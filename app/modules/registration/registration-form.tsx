/**
 * Small presentational helpers for the registration forms: label, input, hint and error linked
 * by aria-describedby; values and errors come from the action's conform `reply()`. No JS needed.
 */
import type { ReactNode } from 'react'
import { useT } from '~/utils/i18n'
import { translateMessage } from '~/locales'

export type FormResult = {
  initialValue?: Record<string, unknown> | null
  error?: Record<string, string[] | null> | null
} | null | undefined

/** Reads `attendees[0].email`-style paths from a nested object. */
export function valueAt(source: unknown, path: string): unknown {
  let node: unknown = source
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (node === null || node === undefined || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node
}

export function fieldId(name: string) {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`
}

/** Translates an error from the schema (`required`) or the service (`error:sold_out`). */
export function useErrorText() {
  const t = useT()
  return (message: string) => translateMessage(t, message.startsWith('error:') ? `registration.errors.${message.slice(6)}` : `registration.validation.${message}`)
}

export function fieldErrors(result: FormResult, name: string): string[] {
  return result?.error?.[name] ?? []
}

export function FieldError({ id, messages }: { id: string; messages: string[] }) {
  const text = useErrorText()
  if (messages.length === 0) return null
  return (
    <p id={id} className="mt-1 text-sm font-medium text-red-700">
      {messages.map(text).join(' ')}
    </p>
  )
}

const inputClass =
  'mt-1 block w-full rounded border border-slate-400 px-3 py-2 text-base focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 aria-[invalid=true]:border-red-700'

type FieldProps = {
  result: FormResult
  name: string
  label: string
  type?: string
  required?: boolean
  hint?: string
  defaultValue?: string | null
  autoComplete?: string
  multiline?: boolean
  inputMode?: 'text' | 'email' | 'tel' | 'url' | 'numeric'
}

export function TextField({ result, name, label, type = 'text', required, hint, defaultValue, autoComplete, multiline, inputMode }: FieldProps) {
  const t = useT()
  const id = fieldId(name)
  const errors = fieldErrors(result, name)
  const typed = valueAt(result?.initialValue, name)
  const value = typeof typed === 'string' ? typed : Array.isArray(typed) ? typed.join(', ') : (defaultValue ?? '')
  const describedBy = [hint ? `${id}-hint` : null, errors.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  const common = {
    id,
    name,
    defaultValue: value,
    required,
    autoComplete,
    'aria-invalid': errors.length > 0 || undefined,
    'aria-describedby': describedBy,
    className: inputClass,
  }
  return (
    <div>
      <label htmlFor={id} className="block font-medium text-slate-900">
        {label}
        {required ? <span className="text-slate-700"> ({t('registration.form.required')})</span> : null}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {multiline ? <textarea rows={3} {...common} /> : <input type={type} inputMode={inputMode} {...common} />}
      <FieldError id={`${id}-error`} messages={errors} />
    </div>
  )
}

export function FormErrors({ result }: { result: FormResult }) {
  const t = useT()
  const text = useErrorText()
  const formErrors = result?.error?.[''] ?? []
  const hasFieldErrors = Object.entries(result?.error ?? {}).some(([key, value]) => key !== '' && value && value.length > 0)
  if (!formErrors.length && !hasFieldErrors) return null
  return (
    <div role="alert" className="rounded border-l-4 border-red-700 bg-red-50 p-4 text-red-900">
      <p className="font-semibold">{t('registration.form.fixErrors')}</p>
      {formErrors.map((message) => (
        <p key={message}>{text(message)}</p>
      ))}
    </div>
  )
}

export function Fieldset({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-4 rounded border border-slate-300 p-4">
      <legend className="px-1 text-lg font-semibold">{legend}</legend>
      {children}
    </fieldset>
  )
}

export const buttonClass =
  'inline-flex items-center rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-offset-2 focus-visible:ring-brand-600'
export const secondaryButtonClass =
  'inline-flex items-center rounded border border-slate-500 px-4 py-2 font-semibold text-slate-900 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-offset-2 focus-visible:ring-brand-600'
