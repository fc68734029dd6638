import { sql } from 'drizzle-orm'
import type { Transaction } from '#db/client'

/**
 * Takes the next invoice number of an organisation and year inside the issuing transaction.
 * The upsert locks the counter row until the transaction ends: concurrent issuers queue on it,
 * a rolled-back issue gives its number back (no gap), a committed one is never reused.
 */
export async function takeInvoiceSequence(tx: Transaction, organisationId: string, year: number): Promise<number> {
  const rows = await tx.execute<{ last_number: number }>(sql`
    insert into invoice_counter (organisation_id, year, last_number) values (${organisationId}, ${year}, 1)
    on conflict (organisation_id, year) do update set last_number = invoice_counter.last_number + 1
    returning last_number`)
  return Number(rows[0].last_number)
}

/** CCEM-2027-00001: prefix, year, five digits (more when a year passes 99 999). */
export function formatInvoiceNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(5, '0')}`
}
