import type { Locale } from '~/locales'
import { localized } from '~/locales'
import { useT } from '~/utils/i18n'
import { describeInstant } from '~/utils/time'

export type GuestAnswerView = 'accepted' | 'tentative' | 'declined' | 'delegated' | 'none'

const STYLE: Record<GuestAnswerView, string> = {
  accepted: 'border-green-700 bg-green-50 text-green-900',
  tentative: 'border-amber-700 bg-amber-50 text-amber-900',
  declined: 'border-red-700 bg-red-50 text-red-900',
  delegated: 'border-slate-600 bg-slate-50 text-slate-900',
  none: 'border-slate-400 bg-white text-slate-800',
}

/** An RSVP in words (never colour alone). */
export function AnswerBadge({ answer }: { answer: GuestAnswerView }) {
  const t = useT()
  return (
    <span data-answer={answer} className={`inline-block rounded border px-1.5 py-0.5 text-xs font-semibold ${STYLE[answer]}`}>
      {t(`inbound.partstat.${answer}`)}
    </span>
  )
}

type Row = {
  programmeItemId: string
  partnerContactId: string
  event: { fr: string; en: string }
  session: { fr: string; en: string }
  startsAt: string | Date
  zone: string
  contact: string
  partner: string
  answer: GuestAnswerView
}

/** An event's partner guest list: session, contact, answer. */
export function PartnerGuestTable({ rows, locale, caption }: { rows: Row[]; locale: Locale; caption: string }) {
  const t = useT()
  if (rows.length === 0) return null
  return (
    <table className="w-full text-left text-sm">
      <caption className="text-left font-semibold">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('inbound.guestList.session')}</th>
          <th scope="col">{t('inbound.guestList.contact')}</th>
          <th scope="col">{t('inbound.guestList.answer')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.programmeItemId}:${r.partnerContactId}`} className="border-t border-slate-200">
            <td>
              {localized(r.session, locale)}
              <div className="text-xs text-slate-700">{describeInstant(new Date(r.startsAt), r.zone, locale)}</div>
            </td>
            <td>
              {r.contact} <span className="text-slate-700">({r.partner})</span>
            </td>
            <td>
              <AnswerBadge answer={r.answer} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
