import type { Role } from '#db/schema/auth'

/** Who may enter the back office at all; each page narrows further. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'organiser', 'check_in', 'partner_viewer']
/** Who may manage events, registrations and settings. */
export const ORGANISER_ROLES: readonly Role[] = ['admin', 'organiser']
export const CHECK_IN_ROLES: readonly Role[] = ['admin', 'organiser', 'check_in']
