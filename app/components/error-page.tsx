import { Link } from 'react-router'
import { useT, useLocale, localePath } from '~/utils/i18n'

/** 404 / 403 / 400 / 500 / 503 in the reader's language; never a stack trace. */
export function ErrorPage({ status, requestId, detail }: { status: number; requestId?: string; detail?: string }) {
  const t = useT()
  const locale = useLocale()
  const kind =
    status === 404 ? 'notFound' : status === 403 ? 'forbidden' : status === 503 ? 'unavailable' : status >= 400 && status < 500 ? 'badRequest' : 'server'
  return (
    <div className="mx-auto max-w-2xl px-4 py-16">
      <p className="text-sm font-semibold text-brand-700" data-error-status={status}>
        {status}
      </p>
      <h1 className="mt-2 text-3xl font-bold text-slate-900">{t(`errors.${kind}.title`)}</h1>
      <p className="mt-4 text-lg text-slate-700">{t(`errors.${kind}.body`)}</p>
      {detail ? (
        <pre className="mt-4 overflow-x-auto rounded bg-slate-100 p-3 text-sm text-slate-800" data-development-detail>
          {detail}
        </pre>
      ) : null}
      {requestId ? <p className="mt-2 text-sm text-slate-600">{t('errors.server.reference', { id: requestId })}</p> : null}
      <p className="mt-8">
        <Link to={localePath(locale)} className="font-semibold text-brand-700 underline underline-offset-4">
          {t('errors.notFound.back')}
        </Link>
      </p>
    </div>
  )
}
