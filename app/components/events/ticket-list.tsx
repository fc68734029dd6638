import type { TicketOffer } from './types'
import { useT } from '~/utils/i18n'

/** Ticket types with their price and the seats still free. */
export function TicketList({ tickets }: { tickets: TicketOffer[] }) {
  const t = useT()
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {tickets.map((ticket) => (
        <li key={ticket.id} className="flex items-baseline justify-between gap-4 px-4 py-3">
          <div className="min-w-0 flex-1">
            <p className="font-semibold text-slate-900">{ticket.name}</p>
            {ticket.description ? <p className="text-sm text-slate-700">{ticket.description}</p> : null}
          </div>
          <div className="shrink-0 text-right">
            <p className="whitespace-nowrap font-bold text-slate-900" data-testid="ticket-price">{ticket.price}</p>
            {ticket.seatsLeft === null ? null : ticket.seatsLeft === 0 ? (
              <p className="text-sm font-semibold text-red-800">{t('events.page.soldOut')}</p>
            ) : (
              <p className="text-sm text-slate-700">
                {ticket.seatsLeft === 1 ? t('events.page.seatsLeftOne') : t('events.page.seatsLeft', { count: ticket.seatsLeft })}
              </p>
            )}
          </div>
        </li>
      ))}
    </ul>
  )
}
