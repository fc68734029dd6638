import { PNG } from 'pngjs'
import { getDb } from '#db/client'
import { eventPartners, partners, programmeItems } from '#db/schema/index'
import { createAdminWorld } from '../admin/fixtures'

/** A 300×100 PNG like the pad's: transparent, with a dark stroke when `inked`. */
export function padPng(inked = true, seed = 0) {
  const width = 300
  const height = 100
  const data = Buffer.alloc(width * height * 4)
  if (inked)
    for (let x = 20; x < 280; x++) {
      const y = 50 + Math.round(20 * Math.sin((x + seed) / 15))
      for (let dy = -1; dy <= 1; dy++) data.set([15, 23, 42, 255], ((y + dy) * width + x) * 4)
    }
  return PNG.sync.write({ width, height, data })
}

export const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`

/**
 * The admin world (an event in New York with two confirmed delegates, a user per role) with a
 * funder and two programme sessions on 20 January 2027 (EST, UTC−5): 09:00–10:30 and 13:00–15:00.
 */
export async function createSignatureWorld() {
  const world = await createAdminWorld()
  const db = getDb()
  const [funder] = await db.insert(partners).values({ organisationId: world.org.id, slug: `region-${world.org.slug}`, name: 'Région Martinique', kind: 'public_body', isFunder: true }).returning()
  await db.insert(eventPartners).values({ eventId: world.event.id, partnerId: funder.id, role: 'funder' })
  const [morning, afternoon] = await db
    .insert(programmeItems)
    .values([
      { eventId: world.event.id, title: { fr: 'Atelier export', en: 'Export workshop' }, startsAt: new Date('2027-01-20T14:00:00Z'), endsAt: new Date('2027-01-20T15:30:00Z'), place: 'Salle A', position: 0 },
      { eventId: world.event.id, title: { fr: 'Visite du port', en: 'Port visit' }, startsAt: new Date('2027-01-20T18:00:00Z'), endsAt: new Date('2027-01-20T20:00:00Z'), place: 'PortMiami', position: 1 },
    ])
    .returning()
  return { ...world, funder, morning, afternoon }
}
