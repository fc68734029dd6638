import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { strFromU8, unzipSync } from 'fflate'
import { expectAccessible } from './page-checks'

/**
 * Funders' reports end to end, on the seeded demo data: the organiser picks the Région and a
 * period covering the demo missions, sees the indicators, downloads the report pack, and the ZIP
 * holds the workbook, the attendance sheets and a manifest whose figures match the page. A
 * period with no mission says so.
 */
async function signIn(page: Page) {
  await page.goto('/fr/sign-in')
  await page.getByLabel('Adresse e-mail').fill('organisatrice@ccem.example')
  await page.getByLabel('Mot de passe').fill('passerelle-demo')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'))
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)

test('the organiser downloads a funder’s report pack', async ({ page }) => {
  await signIn(page)
  await page.getByRole('navigation', { name: 'Navigation du back-office' }).getByRole('link', { name: 'Financeurs' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Rapports aux financeurs' })).toBeVisible()
  await page.getByLabel('Financeur', { exact: true }).selectOption({ label: 'Région Martinique' })
  await page.getByLabel('Du', { exact: true }).fill(day(-1))
  await page.getByLabel('Au', { exact: true }).fill(day(400))
  await page.getByRole('button', { name: 'Afficher' }).click()
  await expect(page.getByRole('heading', { name: /Missions de la période/ })).toBeVisible()
  await expectAccessible(page)
  const supported = page.getByRole('row', { name: /^ENT_SUPPORTED / })
  await expect(supported).toBeVisible()
  const shown = Number((await supported.getByRole('cell').last().textContent())?.trim())
  expect(shown).toBeGreaterThan(0)

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le dossier (ZIP)' }).click()])
  expect(download.suggestedFilename()).toMatch(/^region-martinique-.*\.zip$/)
  const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)))
  const names = Object.keys(zip)
  expect(names).toContain('manifest.json')
  expect(names.some((n) => n.endsWith('.xlsx'))).toBe(true)
  expect(names.some((n) => n.startsWith('attendance/') && n.endsWith('.pdf'))).toBe(true)
  const manifest = JSON.parse(strFromU8(zip['manifest.json']))
  expect(manifest.funder.name).toBe('Région Martinique')
  expect(manifest.indicators.find((i: { code: string }) => i.code === 'ENT_SUPPORTED').value).toBe(shown)
  const ledger = strFromU8(zip['csv/ledger.csv'])
  expect(ledger).toContain('FAC-DEMO-001')
  // The PDF summary with its charts, hashed like every file; the Région reports in the CTM's layout.
  expect(strFromU8(zip['summary.pdf'].subarray(0, 5))).toBe('%PDF-')
  expect(manifest.files['summary.pdf']).toMatch(/^[0-9a-f]{64}$/)
  expect(manifest.funder.layout).toBe('region-martinique')
  await expect(page.getByText('Présentation du dossier : Collectivité Territoriale de Martinique')).toBeVisible()

  // Last year's mission: the CTM's share of its aid goes into the de minimis register, once.
  const lastYear = new Date().getUTCFullYear() - 1
  await page.getByLabel('Financeur', { exact: true }).selectOption({ label: 'Collectivité Territoriale de Martinique' })
  await page.getByLabel('Du', { exact: true }).fill(`${lastYear}-01-01`)
  await page.getByLabel('Au', { exact: true }).fill(`${lastYear}-12-31`)
  await page.getByRole('button', { name: 'Afficher' }).click()
  await expect(page.getByRole('heading', { name: 'Registre de minimis' })).toBeVisible()
  await page.getByRole('button', { name: 'Inscrire l’aide au registre' }).click()
  await expect(page.getByText(/Inscrites : 10 entreprises/)).toBeVisible()
  await expect(page.getByText(/De ce financeur : 10 entreprises au registre, 0 à inscrire/)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Inscrire l’aide au registre' })).toHaveCount(0)
  await expectAccessible(page)

  // A period with no mission: said on the page, and the download answers 404 with the reason.
  await page.getByLabel('Du', { exact: true }).fill('2001-01-01')
  await page.getByLabel('Au', { exact: true }).fill('2001-12-31')
  await page.getByRole('button', { name: 'Afficher' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Aucune mission de ce financeur' })).toBeVisible()
  const url = new URL(page.url())
  const answer = await page.request.get(`/fr/admin/funders/pack?${url.searchParams.toString()}`)
  expect(answer.status()).toBe(404)
  expect(await answer.text()).toContain('Aucune mission')
})
