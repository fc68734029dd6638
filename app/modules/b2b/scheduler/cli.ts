/**
 * `npm run schedule -- INSTANCE.json`: the schedule as JSON on stdout. A bad instance is reported on
 * stderr with exit code 2; the same function the app calls does the work.
 */
import fs from 'node:fs'
import { SchedulerInputError, scheduleMeetings } from './schedule'

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(2)
}

const file = process.argv.slice(2).find((arg) => arg !== '--')
if (!file) fail('usage: npm run schedule -- INSTANCE.json')

let text: string
try {
  text = fs.readFileSync(file, 'utf8')
} catch (error) {
  fail(`cannot read ${file}: ${(error as Error).message}`)
}
let instance: unknown
try {
  instance = JSON.parse(text)
} catch (error) {
  fail(`invalid scheduler instance:\n  - ${file} is not valid JSON: ${(error as Error).message}`)
}
try {
  process.stdout.write(`${JSON.stringify(scheduleMeetings(instance))}\n`)
} catch (error) {
  if (error instanceof SchedulerInputError) fail(error.message)
  throw error
}
