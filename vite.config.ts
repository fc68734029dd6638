import { reactRouter } from '@react-router/dev/vite'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'

/** In the browser bundle, `app/locales/catalogues` becomes the lazy per-language loader. */
function clientCatalogues(): Plugin {
  const client = fileURLToPath(new URL('./app/locales/catalogues.client.ts', import.meta.url))
  return {
    name: 'passerelle-client-catalogues',
    enforce: 'pre',
    resolveId(source, importer, options) {
      if (options?.ssr || !importer) return null
      if (source === './catalogues' && /[\\/]app[\\/]locales[\\/]index\.ts/.test(importer)) return client
      return null
    },
  }
}

/**
 * react-router's package exports resolve to its development build in every mode (upstream issue
 * remix-run/react-router#14102, open in 7.18): in the browser bundle of a production build, use
 * the production build it ships beside it (no dev warnings). The server keeps the package as
 * node resolves it, one instance for our routes and the request handler.
 */
function clientProductionRouter(): Plugin {
  const dist = fileURLToPath(new URL('./node_modules/react-router/dist/production/', import.meta.url))
  const files: Record<string, string> = { 'react-router': 'index.mjs', 'react-router/dom': 'dom-export.mjs' }
  return {
    name: 'passerelle-client-production-router',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, _importer, options) {
      if (options?.ssr || !(source in files)) return null
      return path.join(dist, files[source])
    },
  }
}

export default defineConfig({
  cacheDir: '.cache/vite',
  server: {
    hmr: process.env.VITE_HMR_PORT ? { port: Number(process.env.VITE_HMR_PORT) } : undefined,
    // Vite's defaults plus the embedded database, its snapshots and caches: never served.
    fs: { deny: ['.env', '.env.*', '*.{crt,pem}', '**/.git/**', '**/.data/**', '.data/**', '**/.cache/**'] },
  },
  build: {
    target: 'es2022',
    rollupOptions: {
      // zod 4 places some `@__PURE__` comments where Rollup cannot use them: it drops them, harmlessly, and said so on every build.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return
        warn(warning)
      },
    },
  },
  // Server-only native module, reached by the dep scanner through `*.server.ts` imports of routes;
  // its browser entry needs a WASI package we do not install.
  optimizeDeps: { exclude: ['@node-rs/argon2'] },
  plugins: [
    clientCatalogues(),
    clientProductionRouter(),
    tailwindcss(),
    reactRouter(),
    tsconfigPaths(),
  ],
})
