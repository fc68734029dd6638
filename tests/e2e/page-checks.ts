import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'
import { HtmlValidate } from 'html-validate'
import vnuJar from 'vnu-jar'

/**
 * Checks the end-to-end journeys run over every page they visit: axe (no serious or critical
 * finding) and HTML validity (html-validate's standard preset and the Nu HTML checker).
 */

/** Waits until React has hydrated the page (root.tsx marks `<html data-hydrated>`). */
export async function hydrated(page: Page) {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
}

/**
 * axe on the page as it stands: serious and critical findings fail the test, with their targets.
 * `frames: false` leaves out iframes axe cannot run in (the dev mailbox's sandboxed mail preview,
 * which allows no script: axe's frame-by-frame run would wait for it until the test times out), by
 * running axe once in the page itself.
 */
export async function expectAccessible(page: Page, { frames = true }: { frames?: boolean } = {}) {
  const builder = new AxeBuilder({ page })
  const results = await (frames ? builder : builder.setLegacyMode(true).options({ iframes: false })).analyze()
  const findings = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`)
  expect(findings, `axe on ${page.url()}`).toEqual([])
}

const htmlValidate = new HtmlValidate({ extends: ['html-validate:standard'] })

/** html-validate's errors for one document, as "url line:column rule: message". */
export async function htmlValidateErrors(url: string, html: string): Promise<string[]> {
  const report = await htmlValidate.validateString(html, url)
  return report.results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${url} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`))
}

/** The Nu HTML checker's errors over several documents at once (one Java start for all). */
export async function nuCheckerErrors(documents: { url: string; html: string }[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-vnu-'))
  try {
    const files = documents.map((doc, i) => {
      const file = join(dir, `page-${i}.html`)
      writeFileSync(file, doc.html)
      return { file, url: doc.url }
    })
    const java = process.env.JAVA ?? 'java'
    const run = promisify(execFile)
    const output = await run(java, ['-jar', String(vnuJar), '--errors-only', '--format', 'json', ...files.map((f) => f.file)], {
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      (r) => r.stderr || r.stdout,
      (error: { stderr?: string; stdout?: string }) => error.stderr || error.stdout || '',
    )
    const messages = (JSON.parse(output || '{"messages":[]}') as { messages: { type: string; url?: string; message: string; lastLine?: number }[] }).messages
    return messages
      .filter((m) => m.type === 'error' || m.type === 'non-document-error')
      .map((m) => {
        const url = files.find((f) => m.url?.endsWith(f.file))?.url ?? m.url
        return `${url} ${m.lastLine ?? '?'}: ${m.message}`
      })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
