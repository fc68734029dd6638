/**
 * The real entry point as an operator runs it: a bad variable stops start-up with its name; a
 * running server answers its probes and stops cleanly (exit 0) on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../setup/database'

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', HMR_DISABLED: 'true', SMTP_URL: '', STRIPE_SECRET_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, exited, output: () => output }
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

let running: ChildProcess | undefined
let database: TestDatabase | undefined
afterAll(async () => {
  if (running && running.exitCode === null) running.kill('SIGKILL')
  await database?.drop()
})

describe('server start-up and shutdown', () => {
  it('refuses a bad variable, naming it, with a non-zero exit', async () => {
    const server = start({ PORT: 'abc', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/never-opened' })
    const code = await Promise.race([server.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))])
    if (code === 'timeout') server.child.kill('SIGKILL')
    expect(code).not.toBe('timeout')
    expect(code).not.toBe(0)
    expect(server.output()).toMatch(/Invalid configuration:[\s\S]*PORT/)
    expect(server.output()).not.toMatch(/\n\s+at /) // a message, not a stack trace
  })

  it('serves /healthz and /readyz, then drains and exits 0 within 20 s of SIGTERM', async () => {
    database = await createTestDatabase('passerelle_lifecycle', { migrate: false })
    const server = start({ DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', JOBS_MODE: 'inline', PUBLIC_URL: '' })
    running = server.child
    const baseUrl = await waitFor(
      'the start-up banner',
      () => {
        if (server.child.exitCode !== null) throw new Error(`server exited early:\n${server.output()}`)
        return /running at (http:\/\/\S+)/.exec(server.output())?.[1]
      },
      90_000,
    )
    expect(baseUrl).toMatch(/^http:\/\/localhost:\d+$/)
    const port = new URL(baseUrl).port
    expect(Number(port)).toBeGreaterThan(0)

    const health = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok' })
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toMatchObject({ ready: true })

    const stopAsked = Date.now()
    server.child.kill('SIGTERM')
    const code = await Promise.race([server.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000))])
    if (code !== 0) console.log(server.output())
    expect(code).toBe(0)
    expect(Date.now() - stopAsked).toBeLessThan(20_000)
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow()
  })
})
