import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateInstance, mediumInstanceOptions } from '~/modules/b2b/scheduler/instance-generator'
import { violations } from './schedule-validator'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scheduler-cli-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function cli(contents: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = path.join(dir, `instance-${Math.random().toString(36).slice(2)}.json`)
  fs.writeFileSync(file, contents)
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'app/modules/b2b/scheduler/cli.ts', file], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => (stdout += c))
    child.stderr.on('data', (c) => (stderr += c))
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('npm run schedule', () => {
  it('prints the schedule as JSON and exits 0', async () => {
    const instance = generateInstance({ ...mediumInstanceOptions, requests: 60, sellers: 10, buyers: 8 })
    const { code, stdout } = await cli(JSON.stringify(instance))
    expect(code).toBe(0)
    const output = JSON.parse(stdout)
    expect(output.meetings.length).toBeGreaterThan(0)
    expect(violations(instance, output)).toEqual([])
  }, 30_000)

  it('exits 2 with the problems on stderr for a bad instance or bad JSON', async () => {
    const bad = await cli(JSON.stringify({ slots: [], tables: [], companies: [], delegates: [], requests: [{ id: 'r', from: 'x', to: 'y', priority: 1 }], seed: 1 }))
    expect(bad.code).toBe(2)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toContain('request "r": unknown company "x" (from)')
    const garbled = await cli('{"slots": [')
    expect(garbled.code).toBe(2)
    expect(garbled.stderr).toContain('not valid JSON')
  }, 30_000)
})
