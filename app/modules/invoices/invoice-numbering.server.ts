// The invoice counter is taken under lock with the other scarce rows: `takeInvoiceSequence` in ~/modules/locks/locks.server.

/** CCEM-2027-00001: prefix, year, five digits (more when a year passes 99 999). */
export function formatInvoiceNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(5, '0')}`
}
