/**
 * The scheduler's one entry point, shared by the CLI and the app: instance in, schedule out,
 * no I/O. Throws SchedulerInputError for an instance that does not make sense.
 */
import { compact } from './compaction'
import { buildProblem, type Problem } from './problem'
import { seededRandom } from './random'
import { renderSchedule, type ScheduleOutput } from './render'
import { PlacementSearch } from './search'

export { SchedulerInputError } from './instance-schema'
export type { ScheduleOutput, UnplacedReason } from './render'

export type ScheduleOptions = {
  /** Work units for placement search and for compaction; defaults scale with the instance. */
  searchUnits?: number
  compactionUnits?: number
}

export function defaultUnits(problem: Problem) {
  const size = problem.pairs.reduce((n, pair) => n + pair.slots.length, 0)
  return { search: 100_000 + 20 * size, compaction: 50_000 + 6 * size }
}

export function solveProblem(problem: Problem, options: ScheduleOptions = {}) {
  const random = seededRandom(problem.instance.seed)
  const units = defaultUnits(problem)
  const search = new PlacementSearch(problem, random, { units: options.searchUnits ?? units.search })
  search.run()
  compact(search, { units: options.compactionUnits ?? units.compaction }, random)
  return search.state
}

export function scheduleMeetings(instance: unknown, options: ScheduleOptions = {}): ScheduleOutput {
  return renderSchedule(solveProblem(buildProblem(instance), options))
}
