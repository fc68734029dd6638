import { vitePlugin as remix } from '@remix-run/dev'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'
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

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  cacheDir: '.cache/vite',
  server: {
    hmr: process.env.VITE_HMR_PORT ? { port: Number(process.env.VITE_HMR_PORT) } : undefined,
    // Vite's defaults plus the embedded database, its snapshots and caches: never served.
    fs: { deny: ['.env', '.env.*', '*.{crt,pem}', '**/.git/**', '**/.data/**', '.data/**', '**/.cache/**'] },
  },
  build: { target: 'es2022' },
  // Server-only native module, reached by the dep scanner through `*.server.ts` imports of routes;
  // its browser entry needs a WASI package we do not install.
  optimizeDeps: { exclude: ['@node-rs/argon2'] },
  plugins: [
    clientCatalogues(),
    tailwindcss(),
    remix({
      ignoredRouteFiles: ['**/*.test.*', '**/.*'],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
  ],
})
