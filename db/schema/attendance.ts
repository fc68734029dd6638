import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { bytea, createdAt, id, timestamptz } from './_columns'
import { users } from './auth'
import { programmeItems } from './events'
import { attendees } from './registrations'

export const SIGNATURE_METHODS = ['tablet', 'scan'] as const
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number]

export const SCAN_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const
export type ScanContentType = (typeof SCAN_CONTENT_TYPES)[number]

/**
 * A paper attendance sheet signed by hand and scanned, for a session where the tablet could
 * not be used. Kept as uploaded, with its SHA-256; the type is read from the file's magic bytes.
 */
export const attendanceSheetScans = pgTable(
  'attendance_sheet_scan',
  {
    id: id(),
    programmeItemId: uuid()
      .notNull()
      .references(() => programmeItems.id, { onDelete: 'cascade' }),
    contentType: text().$type<ScanContentType>().notNull(),
    bytes: bytea().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    uploadedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    uploadedAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.programmeItemId, t.sha256)],
)

/**
 * Proof that a delegate attended a programme session: a signature on the tablet (its PNG, as
 * the delegate saw it) or a line of a scanned sheet. One per session and attendee.
 */
export const attendanceSignatures = pgTable(
  'attendance_signature',
  {
    id: id(),
    programmeItemId: uuid()
      .notNull()
      .references(() => programmeItems.id, { onDelete: 'cascade' }),
    attendeeId: uuid()
      .notNull()
      .references(() => attendees.id, { onDelete: 'cascade' }),
    method: text().$type<SignatureMethod>().notNull(),
    signedAt: timestamptz().notNull(),
    /** The tablet signature as a PNG (null for a scan: the sheet is the proof). */
    signaturePng: bytea(),
    scanId: uuid().references(() => attendanceSheetScans.id, { onDelete: 'cascade' }),
    collectedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('attendance_signature_once').on(t.programmeItemId, t.attendeeId),
    index().on(t.attendeeId),
    check(
      'attendance_signature_proof',
      sql`(${t.method} = 'tablet' AND ${t.signaturePng} IS NOT NULL AND ${t.scanId} IS NULL) OR (${t.method} = 'scan' AND ${t.scanId} IS NOT NULL AND ${t.signaturePng} IS NULL)`,
    ),
  ],
)
