/**
 * The one form kit: every form (public registration, sign-in, back office) is built from these.
 * A label is tied to its input; an error sits next to it with the id `<input id>-error`, linked by
 * aria-describedby, and the input carries aria-invalid. Messages are catalogue keys (or already
 * translated text); nothing here needs JavaScript: `useCheckedForm` adds the same schema's checks
 * in the browser when it runs, and the server checks again whatever arrives.
 */
import { useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { useMemo, useState, type ReactNode } from 'react'
import { Form, type FormProps } from 'react-router'
import { config as configureZod, type z } from 'zod'
import { translateMessage } from '~/locales'
import { useT } from '~/utils/i18n'
import { zod3Wording } from '~/utils/schema-errors'

export type FieldErrors = Record<string, string[] | undefined>

// zod 4 probes `new Function` for a compiled fast path at its first parse; the production CSP
// refuses eval, and the browser would report the refused probe on every form. The server keeps it.
if (typeof document !== 'undefined') configureZod({ jitless: true })

export const inputClass =
  'mt-1 block w-full rounded border border-slate-400 px-3 py-2 text-base text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 aria-[invalid=true]:border-red-700'
/** The one button: primary actions of every form. */
export const buttonClass =
  'inline-flex items-center justify-center rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2 disabled:opacity-70'
export const secondaryButtonClass =
  'inline-flex items-center justify-center rounded border border-slate-500 bg-white px-4 py-2 font-semibold text-slate-900 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2'
export const dangerButtonClass =
  'inline-flex items-center justify-center rounded border border-red-700 bg-white px-3 py-1 font-semibold text-red-800 hover:bg-red-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-600'

/**
 * The text of an error: a catalogue key, a registration rule (`required` → `registration.validation.required`),
 * a refusal's message key (`refusals.soldOut`), or text already translated.
 */
export function useErrorText() {
  const t = useT()
  return (message: string) => {
    if (message.includes('.') || message.includes(' ')) return translateMessage(t, message)
    return translateMessage(t, `registration.validation.${message}`)
  }
}

/** The errors of one field, tied to it by `id` (the input's aria-describedby). */
export function ErrorList({ id, errors }: { id: string; errors?: readonly string[] | null }) {
  const text = useErrorText()
  if (!errors || errors.length === 0) return null
  return (
    <p id={id} className="mt-1 text-sm font-medium text-red-800">
      {errors.map(text).join(' ')}
    </p>
  )
}

export function SubmitButton({ children, name, value, disabled, variant = 'primary', className }: { children: ReactNode; name?: string; value?: string; disabled?: boolean; variant?: 'primary' | 'secondary' | 'danger'; className?: string }) {
  const base = variant === 'danger' ? dangerButtonClass : variant === 'secondary' ? secondaryButtonClass : buttonClass
  return (
    <button type="submit" name={name} value={value} disabled={disabled} className={className ? `${base} ${className}` : base}>
      {children}
    </button>
  )
}

export type FormResult = {
  initialValue?: Record<string, unknown> | null
  error?: Record<string, string[] | null> | null
} | null | undefined

/**
 * The browser half of the one form path: conform's `useForm` checks the form with the zod schema
 * the action parses with, on submit and then as the person corrects a field, so a mistake is
 * shown before the round trip. The errors come out as a `FormResult` (the server's shape), so
 * the fields render them the same way. Without JavaScript the form posts as before and the
 * server's reply (`lastResult`) is shown. Spread `formProps` on the `<Form>`.
 */
export function useCheckedForm<S extends z.ZodTypeAny>(schema: S, lastResult: SubmissionResult<string[]> | null | undefined) {
  const form = useSchemaCheck(schema, lastResult)
  const result: FormResult = { initialValue: (lastResult?.initialValue as Record<string, unknown> | undefined) ?? null, error: form.allErrors }
  return { result, formProps: { id: form.id, onSubmit: form.onSubmit, noValidate: true } }
}

/** A schema's constraints, derived once: schemas are module constants, and every render (each SSR of a form page) asked again. */
const constraintsBySchema = new WeakMap<z.ZodTypeAny, ReturnType<typeof getZodConstraint>>()
function constraintOf(schema: z.ZodTypeAny) {
  let constraint = constraintsBySchema.get(schema)
  if (!constraint) constraintsBySchema.set(schema, (constraint = getZodConstraint(schema)))
  return constraint
}

function useSchemaCheck<S extends z.ZodTypeAny>(schema: S, lastResult: SubmissionResult<string[]> | null | undefined, id?: string, onCheck?: () => void) {
  const [form] = useForm({
    id,
    lastResult,
    constraint: constraintOf(schema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => {
      onCheck?.()
      return parseWithZod(formData, { schema, error: zod3Wording })
    },
  })
  return form
}

/**
 * The same browser half for the back office's forms, whose actions answer with `parseForm`'s
 * field errors (`invalid(...)`): the form is checked with the schema the action parses with, and
 * `serverErrors` (the action's `fieldErrors` for this form, if it was the one sent) are shown
 * until the person submits or corrects again. The children get the errors to hand to `Field` and
 * `SelectField`. Without JavaScript the form posts as before and the server's errors show.
 * `noValidate={false}` keeps the browser's own check for what the schema cannot see (a file).
 * `noValidate={false}` keeps the browser's own check for what the schema cannot see (a file).
 */
export function CheckedForm<S extends z.ZodTypeAny>({
  schema,
  serverErrors,
  id,
  noValidate = true,
  children,
  ...props
}: Omit<FormProps, 'children' | 'onSubmit'> & { schema: S; serverErrors?: FieldErrors | null; children: (errors: FieldErrors) => ReactNode }) {
  // A new answer from the server replaces what is shown; none (another form was sent) clears it.
  const lastResult = useMemo(() => ({ error: (serverErrors ?? {}) as Record<string, string[] | null> }), [serverErrors])
  // Which answer the browser's own check came after: the server's errors come with the page's
  // "fix the marked fields" message; the browser's get the same message inside the form.
  const [checkedAfter, setCheckedAfter] = useState<object | null>(null)
  const form = useSchemaCheck(schema, lastResult, id, () => setCheckedAfter(lastResult))
  const errors: FieldErrors = form.allErrors
  const failedHere = checkedAfter === lastResult && Object.values(errors).some((messages) => messages && messages.length > 0)
  return (
    <Form {...props} id={form.id} onSubmit={form.onSubmit} noValidate={noValidate}>
      {failedHere ? (
        <div className="col-span-full w-full">
          <FormMessage result={{ ok: false, formError: 'admin.common.fixErrors' }} />
        </div>
      ) : null}
      {children(errors)}
    </Form>
  )
}

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

export function fieldErrors(result: FormResult, name: string): string[] {
  return result?.error?.[name] ?? []
}

type TextFieldProps = {
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

export function TextField({ result, name, label, type = 'text', required, hint, defaultValue, autoComplete, multiline, inputMode }: TextFieldProps) {
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
      <ErrorList id={`${id}-error`} errors={errors} />
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

function prefixedId(name: string, idPrefix?: string) {
  return `${idPrefix ?? 'f'}-${name}`
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
  const id = prefixedId(name, idPrefix)
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
      <ErrorList id={`${id}-error`} errors={fieldErrors} />
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
  const id = prefixedId(name, idPrefix)
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
      <ErrorList id={`${id}-error`} errors={fieldErrors} />
    </div>
  )
}

/** A checkbox; `errors` (by name) only for a box that stands alone, not one of a group (the group's fieldset carries those). */
export function CheckboxField({ name, label, defaultChecked, value, idPrefix, errors }: { name: string; label: string; defaultChecked?: boolean; value?: string; idPrefix?: string; errors?: FieldErrors }) {
  const id = `${prefixedId(name, idPrefix)}${value ? `-${value}` : ''}`
  const fieldErrors = errors?.[name]
  return (
    <div>
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="checkbox"
          name={name}
          value={value ?? 'on'}
          defaultChecked={defaultChecked}
          aria-invalid={fieldErrors?.length ? true : undefined}
          aria-describedby={fieldErrors?.length ? `${id}-error` : undefined}
          className="h-4 w-4 rounded border-slate-500"
        />
        <label htmlFor={id} className="text-sm text-slate-800">
          {label}
        </label>
      </div>
      <ErrorList id={`${id}-error`} errors={fieldErrors} />
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

export function AuthField(props: { name: string; label: string; type: 'email' | 'password'; autoComplete: string; error?: string; defaultValue?: string }) {
  const errorId = `${props.name}-error`
  return (
    <div>
      <label htmlFor={props.name} className="block text-sm font-semibold text-slate-900">
        {props.label}
      </label>
      <input
        id={props.name}
        name={props.name}
        type={props.type}
        autoComplete={props.autoComplete}
        required
        defaultValue={props.defaultValue}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        className={inputClass}
      />
      <ErrorList id={errorId} errors={props.error ? [props.error] : undefined} />
    </div>
  )
}

/** The form-level error, announced (role=alert) and tied to the form by `id`. */
export function AuthFormError({ id, message }: { id: string; message?: string | null }) {
  if (!message) return null
  return (
    <p id={id} role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
      {message}
    </p>
  )
}
