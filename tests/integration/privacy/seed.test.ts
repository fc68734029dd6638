import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { seedDemoPrivacy } from '#db/seed-privacy'
import { ensureTestOrganisation } from '../../factories/index'

describe('privacy demo seed', () => {
  it('seeds consents, a request and a disclosure once', async () => {
    await ensureTestOrganisation(getDb(), { isDefault: true })
    expect(await seedDemoPrivacy(getDb())).toBe(true)
    expect(await seedDemoPrivacy(getDb())).toBe(false)
  })
})
