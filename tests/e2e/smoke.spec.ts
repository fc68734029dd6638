import { expect, test } from '@playwright/test'
import { expectAccessible } from './page-checks'

test('the home page answers in French with the right <html lang>', async ({ page }) => {
  await page.goto('/fr')
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
  await expect(page.getByRole('main')).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible()
  await expectAccessible(page)
})
