/**
 * The second half of `npm run build`: compiles the HTTP server (app/server/main.ts and what it
 * imports: database, jobs, modules) to one ES module, build/node/main.js, so that `npm start`
 * runs plain node, without the tsx loader. npm packages stay external (node_modules), as the
 * React Router server build next to it (build/server/index.js) keeps them.
 *
 * `import.meta.url` in our own files keeps the source file's URL, as under tsx: the migrations
 * folder is found beside db/migrate.ts, and the "run as a script" checks of db/migrate.ts and
 * db/seed.ts stay false inside the server.
 */
import { readFile } from 'node:fs/promises'
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
  entryPoints: { main: 'app/server/main.ts' },
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
console.log(`build/node/main.js: ${(bytes / 1024).toFixed(0)} KB with its source map, in ${Date.now() - started} ms`)
