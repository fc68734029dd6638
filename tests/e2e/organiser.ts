import type { Page } from '@playwright/test'

/** Signs the demo organiser in (French sign-in page) and waits to leave it. */
export async function signIn(page: Page) {
  await page.goto('/fr/sign-in')
  await page.getByLabel('Adresse e-mail').fill('organisatrice@ccem.example')
  await page.getByLabel('Mot de passe').fill('passerelle-demo')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'))
}
