/**
 * B2B meeting scheduler, no database or server needed (the context is ignored). Large instance
 * (400 companies, 3,000 requests, 16 slots, 60 tables): placed priority against the HiGHS LP
 * relaxation bound of the same instance, time and peak RSS of `scheduleMeetings` in a child process
 * of its own. Medium instance (60 companies, 300 requests): against the exact HiGHS optimum.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { solveWithHighs } from '~/modules/b2b/scheduler/highs-model'
import { generateInstance, largeInstanceOptions, mediumInstanceOptions } from '~/modules/b2b/scheduler/instance-generator'
import type { SchedulerInstance } from '~/modules/b2b/scheduler/instance-schema'
import { buildProblem } from '~/modules/b2b/scheduler/problem'
import { scheduleMeetings, type ScheduleOutput } from '~/modules/b2b/scheduler/schedule'
import type { BenchContext, BenchFigure } from './types'

const THIS_FILE = fileURLToPath(import.meta.url)

type ChildReport = { ms: number; cpuMs: number; peakRssMb: number; startRssMb: number; priority: number; unplaced: number; lockConflicts: number }

function placedPriority(instance: SchedulerInstance, output: ScheduleOutput) {
  const priority = new Map(instance.requests.map((r) => [r.id, r.priority]))
  return output.meetings.reduce((sum, m) => sum + m.requests.reduce((s, id) => s + priority.get(id)!, 0), 0)
}

function runChild(instanceFile: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', THIS_FILE], {
      env: { ...process.env, SCHEDULER_BENCH_CHILD: instanceFile },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (c) => (out += c))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`scheduler child exited ${code}`))))
  })
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits))

export default async function schedulerBench({ log }: BenchContext): Promise<BenchFigure[]> {
  const large = generateInstance(largeInstanceOptions)
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scheduler-bench-')), 'large.json')
  fs.writeFileSync(file, JSON.stringify(large))
  const child = await runChild(file)
  fs.rmSync(path.dirname(file), { recursive: true, force: true })
  log(
    `scheduler large: priority ${child.priority} in ${child.ms.toFixed(0)} ms (${child.cpuMs.toFixed(0)} ms CPU), ` +
      `peak RSS ${child.peakRssMb.toFixed(0)} MB (${child.startRssMb.toFixed(0)} MB before), ${child.unplaced} requests unplaced, ${child.lockConflicts} lock conflicts`,
  )
  const lp = await solveWithHighs(buildProblem(large), { integer: false, timeLimitSeconds: 120 })
  log(`scheduler large: HiGHS LP relaxation ${lp.status}, bound ${lp.objective.toFixed(2)} in ${lp.seconds.toFixed(1)} s`)

  const medium = generateInstance(mediumInstanceOptions)
  const mediumPriority = placedPriority(medium, scheduleMeetings(medium))
  const exact = await solveWithHighs(buildProblem(medium), { integer: true, timeLimitSeconds: 60 })
  log(`scheduler medium: priority ${mediumPriority}; HiGHS MIP ${exact.status} ${exact.objective.toFixed(0)} in ${exact.seconds.toFixed(1)} s`)
  const proven = exact.status === 'Optimal' ? 'exact optimum' : `best found, not proven optimal (${exact.status})`

  return [
    {
      name: 'scheduler large (3,000 requests): placed priority ÷ HiGHS LP relaxation bound',
      value: child.priority,
      unit: 'priority',
      baseline: round(lp.objective, 2),
      ratio: round(child.priority / lp.objective),
      goal: '>= 0.97',
    },
    { name: 'scheduler large: scheduleMeetings wall time (child process)', value: round(child.ms, 0), unit: 'ms', baseline: null, ratio: null, goal: '< 5000' },
    { name: 'scheduler large: scheduleMeetings CPU time (child process)', value: round(child.cpuMs, 0), unit: 'ms', baseline: null, ratio: null, goal: '< 5000' },
    { name: 'scheduler large: peak RSS (child process)', value: round(child.peakRssMb, 0), unit: 'MB', baseline: null, ratio: null, goal: '< 300' },
    {
      name: `scheduler medium (300 requests): placed priority ÷ HiGHS ${proven}`,
      value: mediumPriority,
      unit: 'priority',
      baseline: round(exact.objective, 2),
      ratio: round(mediumPriority / exact.objective),
      goal: '>= 0.99',
    },
  ]
}

async function child(instanceFile: string) {
  const startRssMb = process.memoryUsage().rss / 1024 / 1024
  const instance = JSON.parse(fs.readFileSync(instanceFile, 'utf8')) as SchedulerInstance
  const cpu = process.cpuUsage()
  const started = performance.now()
  const output = scheduleMeetings(instance)
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  const report: ChildReport = {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    startRssMb,
    priority: placedPriority(instance, output),
    unplaced: output.unplaced.length,
    lockConflicts: output.unplaced.filter((u) => u.reason === 'lock_conflict').length,
  }
  process.stdout.write(JSON.stringify(report))
}

if (process.env.SCHEDULER_BENCH_CHILD) await child(process.env.SCHEDULER_BENCH_CHILD)
