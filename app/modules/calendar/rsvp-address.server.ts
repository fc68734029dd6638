import crypto from 'node:crypto'
import { getEnv } from '~/utils/env.server'

/**
 * The reply address of one invitation: `rsvp+TOKEN@domain`. TOKEN = 16 hex digits naming the
 * invitation (a digest of its calendar UID) and 16 of an HMAC over that UID, so a reply rewritten
 * by a gateway (UID lost, ATTENDEE changed) still finds its invitation, and nobody can forge one.
 * Lower-case hex survives mail systems that fold the local part's case.
 */
const TOKEN = /(?:^|[<\s,])rsvp\+([0-9a-f]{16})([0-9a-f]{16})@/i

function key() {
  return crypto.createHash('sha256').update(`passerelle-rsvp:${getEnv().SESSION_SECRET}`).digest()
}

/** The digest that names an invitation in its token (SQL finds it with the same expression). */
export function uidDigest(calendarUid: string) {
  return crypto.createHash('sha256').update(calendarUid, 'utf8').digest('hex').slice(0, 16)
}

function signature(calendarUid: string) {
  return crypto.createHmac('sha256', key()).update(calendarUid, 'utf8').digest('hex').slice(0, 16)
}

/** The domain replies come back to: `INBOUND_RSVP_DOMAIN`, else the organiser mailbox's. */
export function rsvpDomain(organiserMailbox: string) {
  return getEnv().INBOUND_RSVP_DOMAIN ?? organiserMailbox.split('@')[1]
}

export function rsvpAddress(calendarUid: string, organiserMailbox: string) {
  return `rsvp+${uidDigest(calendarUid)}${signature(calendarUid)}@${rsvpDomain(organiserMailbox)}`
}

/**
 * The Reply-To of an invitation (REQUEST): its `rsvp+TOKEN@` address, only once
 * `INBOUND_RSVP_DOMAIN` says that domain's rsvp+ mail reaches the replies mailbox (an address
 * nobody receives would bounce people's answers). Owned by the calendar room, which mints
 * invitations; the inbound room reads it back.
 */
export function invitationReplyTo(calendarUid: string, organiserMailbox: string): string | null {
  return getEnv().INBOUND_RSVP_DOMAIN ? rsvpAddress(calendarUid, organiserMailbox) : null
}

/** The token's invitation digest and signature found among some addresses, if any. */
export function findRsvpToken(addresses: (string | null | undefined)[]): { digest: string; signature: string } | null {
  for (const address of addresses) {
    const m = address ? TOKEN.exec(` ${address}`) : null
    if (m) return { digest: m[1].toLowerCase(), signature: m[2].toLowerCase() }
  }
  return null
}

/** Does the signature belong to this UID? (constant time) */
export function tokenMatches(calendarUid: string, token: { signature: string }) {
  const expected = Buffer.from(signature(calendarUid))
  const given = Buffer.from(token.signature)
  return expected.length === given.length && crypto.timingSafeEqual(expected, given)
}
