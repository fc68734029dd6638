import { reactRouter } from '@react-router/dev/vite'
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

export default defineConfig({
  cacheDir: '.cache/vite',
  server: { hmr: process.env.VITE_HMR_PORT ? { port: Number(process.env.VITE_HMR_PORT) } : undefined },
  build: { target: 'es2022' },
  // Server-only native module, reached by the dep scanner through `*.server.ts` imports of routes;
  // its browser entry needs a WASI package we do not install.
  optimizeDeps: { exclude: ['@node-rs/argon2'] },
  plugins: [
    clientCatalogues(),
    tailwindcss(),
    reactRouter(),
    tsconfigPaths(),
  ],
})
