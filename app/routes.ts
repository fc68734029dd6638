import type { RouteConfig } from '@react-router/dev/routes'
import { flatRoutes } from '@react-router/fs-routes'

/** The flat file conventions of Remix 2 (app/routes/*), unchanged: same route ids, same URLs. */
export default flatRoutes({ ignoredRouteFiles: ['**/*.test.*', '**/.*'] }) satisfies RouteConfig
