import { expect, test } from '@playwright/test'
import { expectAccessible } from './page-checks'
import { signIn } from './organiser'

/**
 * The loop issue 15 closes, in Chromium: an organiser invites a partner contact to a new
 * session, the partner's calendar "replies" from the dev mailbox (Gmail style, accepted), the
 * reply goes through the inbound intake and its job, and the organiser sees "Acceptée".
 */
test('a partner is invited, answers from the dev mailbox, and the organiser sees "accepted"', async ({ page, request }) => {
  test.setTimeout(180_000)
  await signIn(page)

  // The demo seed has a partner who already answered.
  await page.goto('/fr/admin/partners')
  await expect(page.locator('li', { hasText: 'International Trade Office' }).locator('[data-answer="accepted"]').first()).toBeVisible()
  await expectAccessible(page)

  // Invite the Free Trade Zone's contact to a new session of the B2B meetup.
  await page.goto('/fr/admin/events')
  await page.getByRole('link', { name: 'Rencontres B2B Martinique × acheteurs de Floride' }).first().click()
  await page.getByRole('link', { name: 'Programme' }).click()
  await page.waitForURL(/\/programme$/)
  await expectAccessible(page)
  await page.getByLabel('Début', { exact: true }).fill('16:00')
  await page.getByLabel('Fin', { exact: true }).fill('17:00')
  await page.getByLabel('Titre — Français').fill('Visite guidée e2e')
  await page.getByLabel('Titre — English').fill('Guided tour e2e')
  await page.getByLabel('Visitor Programs — Miami Free Trade Zone').first().check()
  await page.getByRole('button', { name: 'Ajouter' }).click()
  await expect(page.getByText('Visite guidée e2e').first()).toBeVisible()
  await expectAccessible(page)

  // The invitation lands in the dev mailbox (a background job sends it).
  let id: string | undefined
  await expect
    .poll(
      async () => {
        const { messages } = (await (await request.get('/dev/mail/messages.json')).json()) as { messages: { id: string; to: string; subject: string; template: string | null }[] }
        id = messages.find((m) => String(m.to).includes('visits@mftz.example') && m.template === 'partner-invitation' && m.subject.includes('Guided tour e2e'))?.id
        return id
      },
      { timeout: 60_000 },
    )
    .toBeTruthy()

  // "Reply as…" Gmail, accepted: a real iMIP REPLY through the inbound intake.
  await page.goto(`/dev/mail/view/${id}`)
  await page.locator('select[name="client"]').selectOption('gmail')
  await page.locator('select[name="answer"]').selectOption('accepted')
  await expectAccessible(page, { frames: false })
  await page.locator('form:has(select[name="client"]) button[type="submit"]').click()
  await expect(page.getByRole('status').first()).toBeVisible()

  // The organiser sees the answer on the partners page (the reply's job runs within seconds).
  await expect
    .poll(
      async () => {
        await page.goto('/fr/admin/partners')
        return page.locator('li', { hasText: 'Visitor Programs' }).locator('li', { hasText: 'Visite guidée e2e' }).locator('[data-answer]').first().getAttribute('data-answer')
      },
      { timeout: 60_000 },
    )
    .toBe('accepted')
  await expect(page.locator('li', { hasText: 'Visite guidée e2e' }).getByText('Acceptée')).toBeVisible()
  await expectAccessible(page)
})
