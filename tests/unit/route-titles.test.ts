import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Every page has a document title (axe's `document-title`): each route module that renders a page
 * (a default export) exports `meta`. Layouts (they render an <Outlet/>) are exempt, and so is the
 * catch-all route, which only throws a 404 that the root's error meta titles.
 */
const ROUTES = join(import.meta.dirname, '../../app/routes')
const EXEMPT = new Set(['$.tsx'])

function pageModules() {
  return readdirSync(ROUTES)
    .filter((name) => /\.tsx?$/.test(name) && !EXEMPT.has(name))
    .map((name) => ({ name, source: readFileSync(join(ROUTES, name), 'utf8') }))
    .filter(({ source }) => /export\s+default\s/.test(source) && !/<Outlet\b/.test(source))
}

describe('route titles', () => {
  it('finds the page modules', () => {
    expect(pageModules().length).toBeGreaterThan(30)
  })

  it('every page module exports meta', () => {
    const missing = pageModules()
      .filter(({ source }) => !/export\s+(const|function|async function)\s+meta\b/.test(source))
      .map(({ name }) => name)
    expect(missing).toEqual([])
  })
})
