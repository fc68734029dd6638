import { describe, expect, it } from 'vitest'
import { MAIL_TEMPLATES, renderMail, renderMailFor, type MailTemplateName, type MailView } from '#emails/index'

function view(locale: 'fr' | 'en'): MailView {
  return {
    locale,
    org: { name: 'CCEM', primaryColor: '#0b5f6f', accentColor: '#c2410c', logoUrl: 'https://passerelle.test/logo.png', contactEmail: 'contact@ccem.example' },
    recipientName: 'Aimé Joseph',
    event: {
      title: locale === 'fr' ? 'Délégation à Miami' : 'Delegation to Miami',
      when: 'jeudi 14 janvier 2027 · 18:00',
      where: 'Miami-Dade County Hall, Miami',
      url: 'https://passerelle.test/fr/events/delegation',
      googleUrl: 'https://calendar.google.com/calendar/render?action=TEMPLATE',
      outlookUrl: 'https://outlook.office.com/calendar/0/deeplink/compose',
      icsUrl: 'https://passerelle.test/fr/events/delegation/calendar.ics',
    },
    itemTitle: 'Rencontre 1',
    reference: 'CCEM-7K3Q9M',
    managementUrl: 'https://passerelle.test/fr/manage/abc',
    hasInvitation: true,
    showUnsubscribe: true,
    amount: '150,00 $US',
    note: 'Complet',
    expires: 'vendredi 15 janvier 2027',
    actionUrl: 'https://passerelle.test/fr/claim/xyz',
    message: { subject: 'Infos pratiques', body: 'Premier paragraphe.\n\nSecond paragraphe.' },
    change: 'invite',
  }
}

const names = Object.keys(MAIL_TEMPLATES) as MailTemplateName[]

describe('mail templates', () => {
  it('covers every message the platform sends', () => {
    expect(names.sort()).toEqual(
      [
        'application-approved',
        'application-rejected',
        'b2b-follow-up',
        'b2b-meeting',
        'b2b-request',
        'cancelled',
        'event-changed',
        'organiser-message',
        'partner-invitation',
        'password-reset',
        'payment-receipt',
        'privacy-confirm',
        'registration-confirmed',
        'registration-received',
        'reminder',
        'rsvp-declined',
        'rsvp-digest',
        'sign-in-link',
        'user-invitation',
        'waitlist-offer',
      ].sort(),
    )
  })

  for (const name of names) {
    for (const locale of ['fr', 'en'] as const) {
      it(`${name} renders HTML and text in ${locale}, with absolute links and no holes`, async () => {
        const mail = await renderMail(name, view(locale))
        for (const part of [mail.subject, mail.html, mail.text]) {
          expect(part).not.toMatch(/undefined|NaN|\[object Object\]|\{\w+\}/)
        }
        expect(mail.html).toContain(`lang="${locale}"`)
        expect(mail.html).toContain('#0b5f6f')
        const hrefs = [...mail.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1])
        expect(hrefs.length).toBeGreaterThan(0)
        for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:)/)
        expect(mail.text).toContain('CCEM')
        expect(mail.text.length).toBeGreaterThan(50)
        // the calendar links are in every mail that concerns an event
        expect(mail.html).toContain('calendar.google.com')
        expect(mail.html).toContain('outlook.office.com')
      })
    }
  }

  it('a partner mail says what happened — invited, changed, cancelled, withdrawn — in subject, heading and preview', async () => {
    const expected = {
      fr: { invite: 'Invitation :', changed: 'Séance modifiée :', cancelled: 'Séance annulée :', withdrawn: 'Invitation retirée :' },
      en: { invite: 'Invitation:', changed: 'Session changed:', cancelled: 'Session cancelled:', withdrawn: 'Invitation withdrawn:' },
    }
    for (const locale of ['fr', 'en'] as const) {
      const subjects = new Set<string>()
      for (const change of ['invite', 'changed', 'cancelled', 'withdrawn'] as const) {
        const v: MailView = change === 'withdrawn' ? { ...view(locale), change: 'cancelled', formerAddress: true } : { ...view(locale), change }
        const mail = await renderMail('partner-invitation', v)
        expect(mail.subject.startsWith(expected[locale][change]), `${locale} ${change}: ${mail.subject}`).toBe(true)
        subjects.add(mail.subject)
        if (change !== 'invite') {
          expect(mail.html).not.toMatch(/invité\(e\) à une séance|invited to a session/i)
        }
      }
      expect(subjects.size).toBe(4)
    }
  })

  // One mailing, many recipients: the shell rendered once must give each one exactly their full render.
  const recipients: { name: string | null; url: string; reference: string }[] = [
    { name: 'Aimé Joseph', url: 'https://passerelle.test/fr/manage/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd', reference: 'CCEM-7K3Q9M' },
    { name: 'Grace Miller', url: 'https://passerelle.test/fr/manage/zZyYxXwWvVuUtTsSrRqQpPoOnNmMlLkKjJiIhHgGfFe', reference: 'CCEM-AAAAAA' },
    { name: 'Jean-Baptiste de la Pagerie', url: 'https://passerelle.test/fr/manage/0000000000000000000000000000000000000000000', reference: 'CCEM-Z9Z9Z9' },
    { name: 'Zoé <b>&amp; "Léa"</b> O\'Neil', url: 'https://passerelle.test/fr/manage/a?b=1&c=<2>', reference: 'CCEM-<&>"\'' },
    { name: '  Two  spaces\tand\ttabs  ', url: 'https://passerelle.test/fr/manage/short', reference: 'R' },
    { name: 'zqslot0xxxxxxx', url: 'https://passerelle.test/fr/manage/zqslot1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', reference: 'CCEM-ZQSLOT' },
    { name: 'Ève', url: 'https://passerelle.test/fr/manage/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd', reference: 'CCEM-7K3Q9M' },
    { name: null, url: 'https://passerelle.test/fr/manage/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd', reference: 'CCEM-7K3Q9M' },
    { name: 'Marie-Claire Rose-Émilienne Théodorine Ducasse-Lancry de Saint-Aubin', url: 'https://passerelle.test/fr/manage/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd', reference: 'CCEM-7K3Q9M-a-much-longer-reference-that-pushes-the-preview-past-150-characters' },
  ]
  for (const name of names) {
    for (const locale of ['fr', 'en'] as const) {
      it(`${name} in ${locale}: each recipient of a mailing gets exactly their own full render`, async () => {
        for (const pass of [1, 2]) {
          for (const r of recipients) {
            const v: MailView = {
              ...view(locale),
              recipientName: r.name,
              managementUrl: r.url,
              reference: r.reference,
              ticket: { qrSrc: 'cid:checkin-qr@passerelle', name: r.name ?? 'Invité', ticketType: 'Délégué' },
            }
            const shared = await renderMailFor(name, v)
            const full = await renderMail(name, v)
            expect({ pass, ...shared }).toEqual({ pass, ...full })
          }
        }
      })
    }
  }

  it('speaks the reader’s language', async () => {
    const fr = await renderMail('registration-confirmed', view('fr'))
    const en = await renderMail('registration-confirmed', view('en'))
    expect(fr.subject).toBe('Inscription confirmée — Délégation à Miami')
    expect(en.subject).toBe('Registration confirmed — Delegation to Miami')
    expect(fr.text).toContain('Ajouter à Google Agenda')
    expect(en.text).toContain('Add to Google Calendar')
  })
})
