import type { Role } from '#db/schema/auth'

/**
 * The one declaration of who may use each back-office route: route file (without extension)
 * → roles allowed to load it (GET) and to post to its action. `action: null` means the route
 * has no action. The authorisation matrix test reads `app/routes/` and fails when a
 * `$lang.admin*` route is missing here.
 */
export type RouteAccess = { loader: readonly Role[]; action: readonly Role[] | null }

const ADMIN: readonly Role[] = ['admin']
const ORGANISERS: readonly Role[] = ['admin', 'organiser']
const CHECK_IN: readonly Role[] = ['admin', 'organiser', 'check_in']
const LISTS: readonly Role[] = ['admin', 'organiser', 'partner_viewer']
const STAFF: readonly Role[] = ['admin', 'organiser', 'check_in', 'partner_viewer', 'logistics']
/** Delegation logistics: organisers run it; only `logistics` and admins read decrypted travel identity (checked in the service). */
const LOGISTICS: readonly Role[] = ['admin', 'organiser', 'logistics']

export const ADMIN_ACCESS = {
  /** Shell and dashboard: everyone with a back-office role (partner viewers see shared events only). */
  '$lang.admin': { loader: STAFF, action: null },
  '$lang.admin._index': { loader: STAFF, action: null },
  '$lang.admin.events._index': { loader: ORGANISERS, action: null },
  '$lang.admin.events.new': { loader: ORGANISERS, action: ORGANISERS },
  '$lang.admin.events.$eventId._index': { loader: ORGANISERS, action: ORGANISERS },
  '$lang.admin.events.$eventId.programme': { loader: ORGANISERS, action: ORGANISERS },
  '$lang.admin.events.$eventId.tickets': { loader: ORGANISERS, action: ORGANISERS },
  '$lang.admin.events.$eventId.cancel': { loader: ORGANISERS, action: ORGANISERS },
  '$lang.admin.events.$eventId.waitlist': { loader: ORGANISERS, action: ORGANISERS },
  /** B2B matchmaking: settings, sessions, dashboard, brokering, schedule and publication; the schedule export. */
  '$lang.admin.events.$eventId.b2b': { loader: ORGANISERS, action: ORGANISERS },
  '$lang.admin.events.$eventId.b2b.schedule[.csv]': { loader: ORGANISERS, action: null },
  '$lang.admin.events.$eventId.b2b.schedule[.xlsx]': { loader: ORGANISERS, action: null },
  /** Partner viewers: only shared events, only attendees who consented to be listed. */
  /** Partner viewers read; bulk actions (decisions, resends, messages, export of a selection) are for organisers. */
  '$lang.admin.events.$eventId.attendees': { loader: LISTS, action: ORGANISERS },
  '$lang.admin.events.$eventId.messages._index': { loader: ORGANISERS, action: null },
  '$lang.admin.events.$eventId.messages.$messageId': { loader: ORGANISERS, action: null },
  '$lang.admin.export': { loader: LISTS, action: null },
  /** Funders' reports: indicators, budget lines, company data; the report pack download. */
  '$lang.admin.funders._index': { loader: ORGANISERS, action: ORGANISERS },
  '$lang.admin.funders.pack': { loader: ORGANISERS, action: null },
  '$lang.admin.attendees': { loader: LISTS, action: null },
  '$lang.admin.events.$eventId.checkin': { loader: CHECK_IN, action: CHECK_IN },
  '$lang.admin.events.$eventId.badges': { loader: CHECK_IN, action: null },
  /** Signed attendance sheets per programme session: signed at check-in, scanned sheets uploaded. */
  '$lang.admin.events.$eventId.signatures': { loader: CHECK_IN, action: CHECK_IN },
  '$lang.admin.events.$eventId.signatures[.pdf]': { loader: CHECK_IN, action: null },
  '$lang.admin.registrations.$registrationId': { loader: ORGANISERS, action: ORGANISERS },
  '$lang.admin.partners': { loader: ORGANISERS, action: ORGANISERS },
  '$lang.admin.mail': { loader: ORGANISERS, action: ORGANISERS },
  /** Calendar replies a person must look at (apply, ignore, match to a person). */
  '$lang.admin.inbound': { loader: ORGANISERS, action: ORGANISERS },
  /** Personal data: requests, erasure preview and run, subject-access download, export log, inventory. */
  '$lang.admin.privacy': { loader: ORGANISERS, action: ORGANISERS },
  '$lang.admin.privacy.access[.json]': { loader: ORGANISERS, action: null },
  '$lang.admin.privacy.access[.pdf]': { loader: ORGANISERS, action: null },
  '$lang.admin.import': { loader: ORGANISERS, action: ORGANISERS },
  '$lang.admin.import.template': { loader: ORGANISERS, action: null },
  /** Delegations: flights, waves, hotel, rooming list; travel identity is further limited to logistics and admins. */
  '$lang.admin.delegations._index': { loader: LOGISTICS, action: null },
  '$lang.admin.delegations.$eventId': { loader: LOGISTICS, action: LOGISTICS },
  '$lang.admin.delegations.$eventId.rooming.$blockId[.csv]': { loader: LOGISTICS, action: null },
  '$lang.admin.delegations.$eventId.rooming.$blockId[.xlsx]': { loader: LOGISTICS, action: null },
  '$lang.admin.users': { loader: ADMIN, action: ADMIN },
  '$lang.admin.settings': { loader: ADMIN, action: ADMIN },
} as const satisfies Record<string, RouteAccess>

export type AdminRouteId = keyof typeof ADMIN_ACCESS

export function rolesFor(route: AdminRouteId, kind: 'loader' | 'action'): readonly Role[] {
  const entry: RouteAccess = ADMIN_ACCESS[route]
  return (kind === 'loader' ? entry.loader : entry.action) ?? []
}

export function isAllowed(route: AdminRouteId, kind: 'loader' | 'action', roles: readonly Role[]): boolean {
  const allowed = rolesFor(route, kind)
  return roles.some((role) => allowed.includes(role))
}
