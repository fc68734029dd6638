import { Img, Section, Text } from '@react-email/components'
import { t } from './layout'
import type { MailView } from './types'

/** The attendee's check-in QR code (an inline image part), with what to do with it. */
export function TicketQr({ view }: { view: MailView }) {
  if (!view.ticket) return null
  return (
    <Section style={{ textAlign: 'center', padding: '8px 0 16px' }}>
      <Img src={view.ticket.qrSrc} width="200" height="200" alt={t(view, 'mail.ticket.alt', { name: view.ticket.name })} style={{ margin: '0 auto' }} />
      <Text style={{ fontSize: '14px', color: '#1f2937', margin: '8px 0 0' }}>{t(view, 'mail.ticket.show')}</Text>
      {view.ticket.ticketType ? <Text style={{ fontSize: '14px', color: '#1f2937', margin: '4px 0 0' }}>{view.ticket.ticketType}</Text> : null}
    </Section>
  )
}
