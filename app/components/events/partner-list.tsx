import type { PartnerEntry } from './types'
import { useT } from '~/utils/i18n'
import { isHttpUrl } from '~/utils/text'

/** Partners and funders as a list of names with their role; the names link to their sites. */
export function PartnerList({ partners }: { partners: PartnerEntry[] }) {
  const t = useT()
  return (
    <ul className="grid gap-3 sm:grid-cols-2">
      {partners.map((p) => (
        <li key={p.id} className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3">
          <p className="text-xs font-semibold uppercase tracking-wide text-brand-700">{p.roleLabel}</p>
          <p className="font-semibold text-slate-900">
            {p.website && isHttpUrl(p.website) ? (
              <a href={p.website} rel="noopener noreferrer" target="_blank" className="underline-offset-4 hover:underline">
                {p.name}
                <span className="sr-only"> {t('events.page.newWindow')}</span>
              </a>
            ) : (
              p.name
            )}
          </p>
        </li>
      ))}
    </ul>
  )
}
