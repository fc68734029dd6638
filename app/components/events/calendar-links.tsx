import { useT } from '~/utils/i18n'

/** "Add to calendar": Google, Outlook (new windows) and the event's .ics file. */
export function CalendarLinks({ google, outlook, ics }: { google: string; outlook: string; ics: string }) {
  const t = useT()
  const linkClass =
    'inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-brand-800 hover:border-brand-700 hover:bg-brand-50'
  return (
    <ul className="flex flex-wrap gap-2">
      <li>
        <a href={google} target="_blank" rel="noopener noreferrer" className={linkClass}>
          {t('events.page.calendarGoogle')}
          <span className="sr-only"> {t('events.page.newWindow')}</span>
        </a>
      </li>
      <li>
        <a href={outlook} target="_blank" rel="noopener noreferrer" className={linkClass}>
          {t('events.page.calendarOutlook')}
          <span className="sr-only"> {t('events.page.newWindow')}</span>
        </a>
      </li>
      <li>
        <a href={ics} type="text/calendar" className={linkClass} download>
          {t('events.page.calendarIcs')}
        </a>
      </li>
    </ul>
  )
}
