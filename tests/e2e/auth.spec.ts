import { expect, test, type Page } from '@playwright/test'
import { expectAccessible, hydrated } from './page-checks'

const ORGANISER = { email: 'organisatrice@ccem.example', password: 'passerelle-demo' }

async function signInInFrench(page: Page, password: string) {
  await page.goto('/fr/sign-in')
  await expect(page.getByRole('heading', { level: 1, name: 'Espace organisateur' })).toBeVisible()
  await page.getByLabel('Adresse e-mail').fill(ORGANISER.email)
  await page.getByLabel('Mot de passe').fill(password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
}

test('the demo organiser signs in in French, reaches the back office and signs out', async ({ page }) => {
  await signInInFrench(page, 'pas-le-bon')
  await expect(page.getByRole('alert')).toHaveText('Adresse e-mail ou mot de passe incorrect.')
  await expect(page.getByLabel('Adresse e-mail')).toHaveValue(ORGANISER.email)
  await expectAccessible(page)

  await page.getByLabel('Mot de passe').fill(ORGANISER.password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page).toHaveURL(/\/fr\/admin$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Tableau de bord' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Navigation du back-office' })).toBeVisible()
  await expectAccessible(page)

  await page.getByRole('button', { name: 'Se déconnecter' }).click()
  await expect(page).toHaveURL(/\/fr$/)
  await expect(page.getByRole('link', { name: 'Espace organisateur' })).toBeVisible()
  await expectAccessible(page)
  await page.goto('/fr/admin')
  await expect(page).toHaveURL(/\/fr\/sign-in\?next=%2Ffr%2Fadmin$/)
  await expectAccessible(page)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the sign-in form works as a plain form and shows field errors', async ({ page }) => {
    await page.goto('/fr/sign-in')
    await page.getByRole('button', { name: 'Se connecter' }).click()
    const email = page.getByLabel('Adresse e-mail')
    await expect(email).toHaveAttribute('aria-invalid', 'true')
    await expect(page.locator(`#${await email.getAttribute('aria-describedby')}`)).toHaveText('Ce champ est obligatoire.')

    await email.fill(ORGANISER.email)
    await page.getByLabel('Mot de passe').fill(ORGANISER.password)
    await page.getByRole('button', { name: 'Se connecter' }).click()
    await expect(page).toHaveURL(/\/fr\/admin$/)
    await expect(page.getByRole('heading', { level: 1, name: 'Tableau de bord' })).toBeVisible()
  })
})

test('unknown pages answer 404 in the language of the URL', async ({ page }) => {
  const en = await page.goto('/en/does-not-exist')
  expect(en?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found')
  await expectAccessible(page)
  const fr = await page.goto('/fr/nexiste-pas')
  expect(fr?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable')
  await expectAccessible(page)
})

test('with JavaScript a form is checked in the browser by the schema the server uses: no round trip for a typo', async ({ page }) => {
  await page.goto('/fr/companies/sign-in')
  await hydrated(page)
  const posts: string[] = []
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url())
  })
  const email = page.getByLabel('E-mail de contact')
  await email.fill('pas-une-adresse')
  await page.getByRole('button', { name: 'Recevoir le lien' }).click()
  await expect(email).toHaveAttribute('aria-invalid', 'true')
  await expect(page.locator(`#${await email.getAttribute('aria-describedby')}`)).toHaveText('Saisissez une adresse e-mail valide (ex. nom@entreprise.com).')
  expect(posts).toEqual([])
  await expectAccessible(page)

  // corrected, the error goes as the person types, and the form posts
  await email.fill('contact@entreprise.example')
  await expect(email).not.toHaveAttribute('aria-invalid', 'true')
  await page.getByRole('button', { name: 'Recevoir le lien' }).click()
  await expect(page.getByRole('status')).toContainText('Si cette adresse correspond')
  expect(posts).toHaveLength(1)
  await expectAccessible(page)
})
