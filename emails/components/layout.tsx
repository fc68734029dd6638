import { Body, Button, Container, Head, Heading, Hr, Html, Img, Link, Preview, Section, Text } from '@react-email/components'
import type { ReactNode } from 'react'
import { translate, type MessageKey, type MessageVars } from '~/locales'
import type { MailView } from './types'

export function t(view: MailView, key: MessageKey, vars?: MessageVars) {
  return translate(view.locale, key, vars)
}

const text = { fontSize: '15px', lineHeight: '22px', color: '#1f2937' }

/** The frame of every mail: organisation name/logo and colours, event block, calendar links, footer. */
export function MailLayout({ view, heading, preview, children, action }: {
  view: MailView
  heading: string
  preview: string
  children: ReactNode
  action?: { label: string; url: string }
}) {
  const { org, event } = view
  return (
    <Html lang={view.locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: '#f3f4f6', fontFamily: 'Helvetica, Arial, sans-serif', margin: 0 }}>
        <Container style={{ backgroundColor: '#ffffff', maxWidth: '600px', margin: '24px auto', padding: '0 0 24px' }}>
          <Section style={{ backgroundColor: org.primaryColor, padding: '16px 24px' }}>
            {org.logoUrl ? <Img src={org.logoUrl} alt={org.name} height="40" /> : null}
            <Text style={{ color: '#ffffff', fontSize: '18px', fontWeight: 700, margin: 0 }}>{org.name}</Text>
          </Section>
          <Section style={{ padding: '8px 24px' }}>
            <Heading as="h1" style={{ fontSize: '22px', color: '#111827' }}>{heading}</Heading>
            <Text style={text}>
              {view.recipientName ? t(view, 'mail.common.greeting', { name: view.recipientName }) : t(view, 'mail.common.greetingNoName')}
            </Text>
            {children}
            {action ? (
              <Button href={action.url} style={{ backgroundColor: org.accentColor, color: '#ffffff', padding: '12px 20px', borderRadius: '6px', fontWeight: 700 }}>
                {action.label}
              </Button>
            ) : null}
          </Section>
          {event ? (
            <Section style={{ padding: '0 24px' }}>
              <Hr />
              <Text style={{ ...text, fontWeight: 700 }}>{event.title}</Text>
              <Text style={text}>{t(view, 'mail.common.when', { value: event.when })}</Text>
              <Text style={text}>{t(view, 'mail.common.where', { value: event.where })}</Text>
              {view.reference ? <Text style={text}>{t(view, 'mail.common.reference', { value: view.reference })}</Text> : null}
              {view.hasInvitation ? <Text style={{ ...text, fontSize: '13px' }}>{t(view, 'mail.common.invitationAttached')}</Text> : null}
              <Text style={text}>
                <Link href={event.googleUrl} style={{ color: org.primaryColor }}>{t(view, 'mail.common.addGoogle')}</Link>
                {' · '}
                <Link href={event.outlookUrl} style={{ color: org.primaryColor }}>{t(view, 'mail.common.addOutlook')}</Link>
                {' · '}
                <Link href={event.icsUrl} style={{ color: org.primaryColor }}>{t(view, 'mail.common.downloadIcs')}</Link>
                {' · '}
                <Link href={event.url} style={{ color: org.primaryColor }}>{t(view, 'mail.common.eventPage')}</Link>
              </Text>
              {view.managementUrl ? (
                <Text style={text}>
                  <Link href={view.managementUrl} style={{ color: org.primaryColor, fontWeight: 700 }}>{t(view, 'mail.common.manage')}</Link>
                </Text>
              ) : null}
            </Section>
          ) : null}
          <Section style={{ padding: '0 24px' }}>
            <Hr />
            <Text style={text}>{t(view, 'mail.common.signature', { org: org.name })}</Text>
            <Text style={{ fontSize: '12px', color: '#4b5563' }}>{t(view, 'mail.common.autoNotice', { org: org.name })}</Text>
            {view.showUnsubscribe ? (
              <Text style={{ fontSize: '12px', color: '#4b5563' }}>{t(view, 'mail.common.unsubscribeNotice', { email: org.contactEmail })}</Text>
            ) : null}
          </Section>
        </Container>
      </Body>
    </Html>
  )
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={text}>{children}</Text>
}
