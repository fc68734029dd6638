import { useT } from '~/utils/i18n'
import { isHttpUrl } from '~/utils/text'

type StripPartner = { id: string; name: string; website: string | null; official: boolean }

/** The partners strip of the home page: names as wordmarks (no third-party images). */
export function PartnerStrip({ partners }: { partners: StripPartner[] }) {
  const t = useT()
  return (
    <ul className="mt-6 flex flex-wrap items-stretch justify-center gap-3">
      {partners.map((p) => (
        <li key={p.id} className="flex min-w-40 flex-col items-center justify-center rounded-md border border-slate-200 px-4 py-3 text-center">
          {p.website && isHttpUrl(p.website) ? (
            <a href={p.website} target="_blank" rel="noopener noreferrer" className="font-semibold text-slate-800 hover:text-brand-700">
              {p.name}
              <span className="sr-only"> {t('events.page.newWindow')}</span>
            </a>
          ) : (
            <span className="font-semibold text-slate-800">{p.name}</span>
          )}
          {p.official ? <span className="mt-1 text-xs font-semibold text-brand-700">{t('events.about.officialPartner')}</span> : null}
        </li>
      ))}
    </ul>
  )
}
