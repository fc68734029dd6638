/**
 * The event page ships at most 120 KB of JavaScript (gzip) in all: a production client build,
 * then every module the page loads — React Router's manifest, entry.client, root, the public layout and
 * the event page route with their imports, and the reader's message catalogue (the larger
 * language) — gzipped and summed.
 */
import { execFile } from 'node:child_process'
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

const BUDGET_BYTES = 120 * 1024
const ROUTES = ['root', 'routes/$lang', 'routes/$lang.events.$slug._index']
const root = path.resolve(import.meta.dirname, '../../..')
const clientDir = path.join(root, 'build/client')

type ManifestEntry = { module: string; imports?: string[] }
type RouterManifest = { entry: ManifestEntry; routes: Record<string, ManifestEntry> }

async function readRouterManifest(): Promise<{ file: string; manifest: RouterManifest }> {
  const assets = await readdir(path.join(clientDir, 'assets'))
  const name = assets.find((f) => /^manifest-[\w-]+\.js$/.test(f))
  if (!name) throw new Error('no React Router manifest in build/client/assets')
  const text = await readFile(path.join(clientDir, 'assets', name), 'utf8')
  const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)
  return { file: `/assets/${name}`, manifest: JSON.parse(json) as RouterManifest }
}

describe('JavaScript budget of the event page', () => {
  it('is at most 120 KB gzip', { timeout: 120_000 }, async () => {
    await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/@react-router/dev/bin.js'), 'build'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production' },
      timeout: 115_000,
    })
    const { file, manifest } = await readRouterManifest()
    const files = new Set<string>([file, manifest.entry.module, ...(manifest.entry.imports ?? [])])
    for (const id of ROUTES) {
      const route = manifest.routes[id]
      expect(route, `route ${id} in the manifest`).toBeDefined()
      files.add(route.module)
      for (const imported of route.imports ?? []) files.add(imported)
    }
    // The reader's message catalogue is loaded before hydration as its own chunk: count the larger language.
    const assets = await readdir(path.join(clientDir, 'assets'))
    const catalogueChunks = assets.filter((f) => /^(fr|en)-[\w-]+\.js$/.test(f)).map((f) => `/assets/${f}`)
    expect(catalogueChunks.length, 'one catalogue chunk per language').toBe(2)
    const catalogueSizes = await Promise.all(
      catalogueChunks.map(async (url) => gzipSync(await readFile(path.join(clientDir, url)), { level: 9 }).length),
    )
    files.add(catalogueChunks[catalogueSizes.indexOf(Math.max(...catalogueSizes))])
    let total = 0
    const sizes: Record<string, number> = {}
    for (const url of files) {
      const bytes = gzipSync(await readFile(path.join(clientDir, url)), { level: 9 }).length
      sizes[url] = bytes
      total += bytes
    }
    console.log(`event page JavaScript: ${(total / 1024).toFixed(1)} KB gzip in ${files.size} files`, sizes)
    expect(files.size).toBeGreaterThan(3)
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES)
  })
})
