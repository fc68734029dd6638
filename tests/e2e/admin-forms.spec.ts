import crypto from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { expectAccessible, hydrated } from './page-checks'
import { signIn } from './organiser'

/**
 * The back office's forms are checked in the browser by the schema their action parses with: a
 * mistake is shown on its field, in the page's language, before any request is sent. The server
 * still checks whatever arrives (the no-JavaScript specs and the integration tests cover that).
 */
/** Every POST the page sends from now on. */
function postsFrom(page: Page) {
  const posts: string[] = []
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url())
  })
  return posts
}

async function errorOf(page: Page, label: string, options?: { exact?: boolean }) {
  const field = page.getByLabel(label, options)
  await expect(field).toHaveAttribute('aria-invalid', 'true')
  const describedBy = (await field.getAttribute('aria-describedby')) ?? ''
  return page.locator(`#${describedBy.split(' ')[0]}`)
}

test('event creation (French) and staff invitation (English) show their mistakes without a round trip', async ({ page }) => {
  await signIn(page)

  await page.goto('/fr/admin/events/new')
  await hydrated(page)
  await expect(page.getByRole('heading', { level: 1, name: 'Nouvel événement' })).toBeVisible()
  let posts = postsFrom(page)
  await page.getByLabel('Adresse (slug)').fill('Pas un slug !')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(await errorOf(page, 'Adresse (slug)')).toHaveText('Lettres minuscules, chiffres et tirets seulement (ex. mission-miami-2027).')
  await expect(await errorOf(page, 'Titre — Français')).toHaveText('Ce champ est obligatoire.')
  await expect(page.getByRole('alert')).toHaveText('Le formulaire contient des erreurs : corrigez les champs signalés.')
  // the first field in error takes the focus
  await expect(page.getByLabel('Adresse (slug)')).toBeFocused()
  await expectAccessible(page)
  // corrected, the field's error goes as the person types
  await page.getByLabel('Adresse (slug)').fill('un-slug-correct')
  await expect(page.getByLabel('Adresse (slug)')).not.toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Titre — Français')).toHaveAttribute('aria-invalid', 'true')
  expect(posts).toEqual([])

  await page.goto('/en/admin/users')
  await hydrated(page)
  posts = postsFrom(page)
  const invite = page.getByRole('button', { name: 'Invite someone' })
  await page.getByLabel('Name', { exact: true }).fill('Jo Staff')
  await page.getByLabel('Email', { exact: true }).fill('not-an-address')
  await invite.click()
  await expect(await errorOf(page, 'Email', { exact: true })).toHaveText('Enter a valid email address (e.g. name@company.com).')
  await expect(page.locator('#inv-roles-error')).toHaveText('This field is required.')
  await expect(page.locator('fieldset[aria-describedby="inv-roles-error"]')).toHaveCount(1)
  expect(posts).toEqual([])

  // once right, the form posts and the server answers as before
  await page.getByLabel('Email', { exact: true }).fill(`staff-${crypto.randomBytes(3).toString('hex')}@ccem.example`)
  await page.getByLabel('Check-in staff').last().check()
  await invite.click()
  await expect(page.getByRole('status')).toHaveText('Account created: an invitation to choose a password has been emailed (link valid 7 days).')
  expect(posts).toHaveLength(1)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the same invitation mistake comes back from the server, on the field', async ({ page }) => {
    await signIn(page)
    await page.goto('/en/admin/users')
    await page.getByLabel('Name', { exact: true }).fill('Jo Staff')
    await page.getByLabel('Email', { exact: true }).fill('not-an-address')
    await page.getByRole('button', { name: 'Invite someone' }).click()
    await expect(await errorOf(page, 'Email', { exact: true })).toHaveText('Enter a valid email address (e.g. name@company.com).')
    await expect(page.getByRole('alert')).toHaveText('The form has errors: please correct the marked fields.')
  })
})
