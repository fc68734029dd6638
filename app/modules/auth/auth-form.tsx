/** Inputs of the sign-in, set-password and reset pages: label, field, its error tied by aria-describedby. */
export const authInputClass =
  'mt-1 block w-full rounded border border-slate-400 px-3 py-2 text-base text-slate-900 focus:border-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700 aria-[invalid=true]:border-red-700'

export const authButtonClass =
  'w-full rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-700 focus-visible:ring-offset-2 disabled:opacity-70'

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
        className={authInputClass}
      />
      {props.error ? (
        <p id={errorId} className="mt-1 text-sm text-red-800">
          {props.error}
        </p>
      ) : null}
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
