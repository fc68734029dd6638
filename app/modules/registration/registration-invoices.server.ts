import { and, eq } from 'drizzle-orm'
import { getDb, type DbOrTx } from '#db/client'
import { invoices } from '#db/schema/index'
import { isUuid } from '~/utils/ids'


/** One invoice or credit note of this registration (the management link shows only its own). */
export async function findRegistrationInvoice(registrationId: string, invoiceId: string, db: DbOrTx = getDb()) {
  if (!isUuid(invoiceId)) return null
  const [invoice] = await db
    .select({ id: invoices.id, number: invoices.number })
    .from(invoices)
    .where(and(eq(invoices.id, invoiceId), eq(invoices.registrationId, registrationId)))
  return invoice ?? null
}
