/**
 * The second half of `npm run build`: compiles the two entry points, the HTTP server
 * (app/server/main.ts) and the dedicated worker (app/jobs/worker.ts), with what they import
 * (database, jobs, modules), to one ES module each, build/node/main.js and build/node/worker.js,
 * so that `npm start` and `npm run worker` run plain node, without the tsx loader (which would
 * compile TypeScript at every start). npm packages stay external (node_modules), as the React
 * Router server build next to it (build/server/index.js) keeps them.
 *
 * `import.meta.url` in our own files keeps the source file's URL, as under tsx: the migrations
 * folder is found beside db/migrate.ts, and the "run as a script" checks of db/migrate.ts and
 * db/seed.ts stay false inside the server.
 */
import { spawnSync } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { build, type Plugin } from 'esbuild'

const root = path.resolve(import.meta.dirname, '../..')
const outdir = path.join(root, 'build/node')

const sourceUrls: Plugin = {
  name: 'passerelle-source-urls',
  setup(b) {
    b.onLoad({ filter: /\.(ts|tsx)$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined
      const text = await readFile(args.path, 'utf8')
      return {
        // Relative to the output file, so the build still finds the sources if the checkout moves.
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(path.relative(outdir, args.path).split(path.sep).join('/'))}, import.meta.url).href`),
        loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
      }
    })
  },
}

const started = Date.now()
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'app/server/main.ts', worker: 'app/jobs/worker.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  tsconfig: 'tsconfig.json',
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
  plugins: [sourceUrls],
})
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + (o.bytes ?? 0), 0)
console.log(`build/node/main.js and worker.js: ${(bytes / 1024).toFixed(0)} KB with their source maps, in ${Date.now() - started} ms`)

// Every package import left external must resolve as plain node resolves it at `npm start`:
// a deep import without its extension (`pkg/lib/x`) works under tsx and Vite but not in
// node's ESM loader, and would only show when production starts. Checked by plain node itself,
// from beside the entry points (this script runs under tsx, whose resolver is lenient).
const externals = new Set<string>()
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (!file.endsWith('.js')) continue
  for (const imported of output.imports) if (imported.external && !imported.path.startsWith('node:')) externals.add(imported.path)
}
const probe = path.join(outdir, 'resolve-check.mjs')
await writeFile(
  probe,
  `import { existsSync } from 'node:fs'\nconst bad = []\nfor (const s of ${JSON.stringify([...externals])}) {\n  try { const url = import.meta.resolve(s); if (url.startsWith('file:') && !existsSync(new URL(url))) bad.push(s) } catch { bad.push(s) }\n}\nif (bad.length) { console.error(bad.join(', ')); process.exit(1) }\n`,
)
const check = spawnSync(process.execPath, [probe], { encoding: 'utf8' })
await rm(probe)
if (check.status !== 0) {
  console.error(`build/node imports what node cannot resolve at start: ${check.stderr.trim()}`)
  process.exit(1)
}
