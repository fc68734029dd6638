/**
 * Run by `npm install` / `npm ci` (the `postinstall` script): repairs postgres.js's write
 * scheduler in node_modules (decision 026). Idempotent; fails the install when postgres.js is a
 * version this patch does not know, so a bump cannot silently drop the repair.
 *
 * postgres.js 3.4.9 and 3.4.10 defer small writes with `setImmediate(nextWrite)` and arm it only
 * while `nextWriteTimer === null`; `nextWrite` is the only place that sets it back to null. When a
 * connection's socket closes with a write still deferred, `closed()` / `terminate()` cancel the
 * immediate without nulling it, and when `nextWrite` runs after the socket is gone (a query sent
 * on a reserved connection whose backend just died) it throws before nulling it. Either way the
 * pool slot is poisoned: its next StartupMessage is buffered and never sent, every query given to
 * it waits for `connect_timeout` and fails, many times over, after PostgreSQL came back
 * (porsager/postgres#1154, #1208). The repair: teardown drops the deferred write, and a deferred
 * write that finds no socket drops itself and fails what it carried (CONNECTION_CLOSED).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const KNOWN = ['3.4.9', '3.4.10']
const MARK = '/* passerelle: write scheduler repaired (decision 026) */'

const require = createRequire(import.meta.url)
let root
try {
  // `postgres` resolves to <root>/cjs/src/index.js (its exports hide package.json).
  root = path.resolve(path.dirname(require.resolve('postgres')), '../..')
} catch {
  // postgres.js is not installed (e.g. a partial install): nothing to repair.
  process.exit(0)
}
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))

const edits = [
  {
    what: 'nextWrite without a socket',
    from: '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    to:
      '  function nextWrite(fn) {\n' +
      `    ${MARK}\n` +
      '    if (!socket) {\n' +
      '      chunk = nextWriteTimer = null\n' +
      "      const gone = Errors.connection('CONNECTION_CLOSED', options)\n" +
      '      query && queryError(query, gone)\n' +
      '      query = null\n' +
      '      while (sent.length) queryError(sent.shift(), gone)\n' +
      '      return false\n' +
      '    }\n' +
      '    const x = socket.write(chunk, fn)',
  },
  {
    what: 'terminate()',
    from: '    clearImmediate(nextWriteTimer)\n    if (socket) {',
    to: '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {',
  },
  {
    what: 'closed()',
    from: '    clearImmediate(nextWriteTimer)\n    socket.removeListener(',
    to: '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    socket.removeListener(',
  },
  {
    what: "closed()'s in-flight query",
    from: "    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n",
    to:
      "    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n" +
      '    query = results = errorResponse = null\n',
  },
]

const files = ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js'].map((f) => path.join(root, f)).filter(existsSync)
let patched = 0
for (const file of files) {
  let text = readFileSync(file, 'utf8')
  if (text.includes(MARK)) continue
  if (!KNOWN.includes(version)) {
    console.error(
      `db/driver/postgres-write-scheduler.js: postgres ${version} is not one of ${KNOWN.join(', ')}. ` +
        'Check whether it still cancels a deferred write without resetting nextWriteTimer (decision 026), then update this patch.',
    )
    process.exit(1)
  }
  for (const edit of edits) {
    if (text.split(edit.from).length !== 2) {
      console.error(`db/driver/postgres-write-scheduler.js: ${edit.what} not found exactly once in ${file}`)
      process.exit(1)
    }
    text = text.replace(edit.from, edit.to)
  }
  writeFileSync(file, text)
  patched++
}
if (patched) console.log(`postgres ${version}: write scheduler repaired in ${patched} files (decision 026)`)
