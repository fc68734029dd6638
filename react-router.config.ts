import type { Config } from '@react-router/dev/config'

/**
 * React Router 7 framework mode (decision 015): server rendering, the app in `app/`, routes from
 * the file conventions of Remix 2 (app/routes.ts). Remix 2's v3 future flags are React Router 7's
 * defaults; the v8 flags stay off, which keeps today's behaviour.
 */
export default {
  appDirectory: 'app',
  buildDirectory: 'build',
  ssr: true,
  // Every route in one hashed, cached manifest file (decision 036): no partial manifest matched
  // and serialised into each rendered page.
  routeDiscovery: { mode: 'initial' },
  future: {
    // Off: loaders keep the plain `context` from getLoadContext (requestId, cspNonce).
    v8_middleware: false,
    v8_passThroughRequests: false,
    v8_trailingSlashAwareDataRequests: false,
    v8_splitRouteModules: false,
    v8_viteEnvironmentApi: false,
    unstable_optimizeDeps: false,
  },
} satisfies Config
