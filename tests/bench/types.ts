/**
 * Contract for `npm run bench` (tests/bench/run.ts): each `tests/bench/<area>.bench.ts` default-
 * exports a function returning figures. A figure is a ratio against a baseline measured in the
 * same run; timing never decides pass/fail.
 */
export type BenchFigure = {
  name: string
  value: number
  unit: string
  baseline: number | null
  ratio: number | null
  /** e.g. '>= 0.6', '<= 3', '== 0' */
  goal: string
}

export type BenchContext = {
  /** A fresh, migrated and seeded PostgreSQL (or PGlite) database for this bench run. */
  databaseUrl: string
  databaseKind: 'postgres' | 'pglite'
  /** The app served in production mode on this database (when the runner started one). */
  baseUrl: string
  log: (message: string) => void
  /** `npm run bench -- --large`: the 1,000,000-row runs (not in CI). */
  large: boolean
  /** Another web process on the same database (production build, no jobs); its base URL. Stopped at the end of the run. */
  startServer: () => Promise<string>
  /** The dedicated worker process (`npm run worker`: build/node/worker.js) on the same database, once it has started. Stopped at the end of the run. */
  startWorker: () => Promise<void>
}

export type BenchModule = { default: (ctx: BenchContext) => Promise<BenchFigure[]> }
