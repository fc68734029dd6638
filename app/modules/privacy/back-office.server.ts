import type { DbOrTx } from '#db/client'
import { listDisclosures } from './disclosures.server'
import { listRequests } from './erasure.server'
import { inventoryRows } from './inventory'

/** What the back-office privacy page shows: requests, the export log and the personal columns of the inventory. */
export async function privacyOverview(db: DbOrTx, organisationId: string) {
  const [requests, disclosures] = await Promise.all([listRequests(db, organisationId), listDisclosures(db, organisationId)])
  return {
    requests: requests.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      // A completed erasure keeps only a fingerprint of the address.
      email: r.email,
      createdAt: r.createdAt.toISOString(),
      completedAt: r.completedAt?.toISOString() ?? null,
    })),
    disclosures: disclosures.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
    inventory: inventoryRows().filter((row) => row.category !== 'none'),
  }
}
