import type { MailTemplateName } from '#emails/index'
import { registrationWithAttendees } from '~/modules/registration/recipients.server'
import { mailContact } from '../deliver.server'
import type { KindHandler } from './types'

const TEMPLATES = {
  'registration.received': 'registration-received',
  'application.approved': 'application-approved',
  'application.rejected': 'application-rejected',
} as const satisfies Record<string, MailTemplateName>

/** Received, approved or rejected: the registration's contact is told (with the organiser's note). */
export const registrationMail: KindHandler<keyof typeof TEMPLATES> = async (tx, n) => {
  const found = await registrationWithAttendees(tx, n.registrationId)
  if (!found) return
  await mailContact(tx, found.registration, {
    key: `${n.kind}:contact:${found.registration.id}:${n.version ?? 0}`,
    kind: n.kind,
    template: TEMPLATES[n.kind],
    data: { note: found.registration.decisionNote ?? undefined },
  })
}
