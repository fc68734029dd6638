import { getDb } from '#db/client'
import { recordAudit } from '~/modules/audit/audit.server'
import { requireUser, type SessionUser } from '~/modules/auth/session.server'
import { logger } from '~/utils/logger.server'
import { isAllowed, type AdminRouteId } from '~/modules/auth/access'

/**
 * Every admin loader and action starts here: signs in (redirect) or refuses with 403 — the
 * refusal is logged and audited — using the roles declared for the route in `access.ts`.
 */
export async function authorize(request: Request, route: AdminRouteId, kind: 'loader' | 'action'): Promise<SessionUser> {
  const user = await requireUser(request)
  if (isAllowed(route, kind, user.roles)) return user
  const url = new URL(request.url)
  logger.warn({ userId: user.id, roles: user.roles, route, kind, method: request.method, path: url.pathname }, 'back-office access refused')
  await recordAudit(getDb(), {
    actor: { userId: user.id },
    action: 'admin.access_refused',
    subjectType: 'user',
    subjectId: user.id,
    data: { route, kind, method: request.method, path: url.pathname },
  }).catch((error: unknown) => logger.error({ err: error }, 'could not audit a refusal'))
  throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
}

export function hasRole(user: SessionUser, ...roles: SessionUser['roles']): boolean {
  return user.roles.some((role) => roles.includes(role))
}

/** Organisers and admins see everything of their organisation; partner viewers a shared subset. */
export function isPartnerViewerOnly(user: SessionUser): boolean {
  return !hasRole(user, 'admin', 'organiser') && hasRole(user, 'partner_viewer')
}
