import { dkimVerify } from 'mailauth/lib/dkim/verify.js'

/** mailauth's DNS lookup: the system resolver unless a test (or an offline setup) gives one. */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>
const holder = globalThis as unknown as { __passerelleInboundResolver?: DnsResolver }

export function setInboundDnsResolver(resolver: DnsResolver | undefined) {
  holder.__passerelleInboundResolver = resolver
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase()

/** Relaxed alignment (DMARC): the same domain or one a subdomain of the other. */
export function aligned(a: string, b: string) {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`)
}

export type SenderVerdict = { ok: true; how: 'same-address' | 'dkim-aligned' } | { ok: false; reason: 'sender-not-guest' | 'sender-not-aligned' }

/**
 * Is this reply really from the guest? Yes when it comes from the invited address itself. From
 * another address (an alias, an assistant) only when the guest's domain vouches for it: a DKIM
 * signature that verifies (mailauth, on the stored raw message) for a domain aligned with both
 * the From address and the invited address. Anything else is quarantined, never applied.
 */
export async function checkSender(raw: Buffer, from: string | null, invitedAddress: string): Promise<SenderVerdict> {
  const invited = invitedAddress.toLowerCase()
  if (!from) return { ok: false, reason: 'sender-not-guest' }
  const sender = from.toLowerCase()
  const dkim = await verifiedDkimDomains(raw)
  if (sender === invited) return { ok: true, how: 'same-address' }
  const fromDomain = domainOf(sender)
  const invitedDomain = domainOf(invited)
  if (!aligned(fromDomain, invitedDomain)) return { ok: false, reason: 'sender-not-guest' }
  if (dkim.some((d) => aligned(d, fromDomain))) return { ok: true, how: 'dkim-aligned' }
  return { ok: false, reason: 'sender-not-aligned' }
}

/** Domains whose DKIM signature on this message verifies. A DNS failure verifies nothing. */
export async function verifiedDkimDomains(raw: Buffer): Promise<string[]> {
  if (!/^dkim-signature:/im.test(raw.subarray(0, 64 * 1024).toString('latin1'))) return []
  try {
    const result = await dkimVerify(raw, holder.__passerelleInboundResolver ? { resolver: holder.__passerelleInboundResolver as never } : {})
    return result.results.filter((r) => r.status?.result === 'pass').map((r) => r.signingDomain.toLowerCase())
  } catch {
    return []
  }
}
